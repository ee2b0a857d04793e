import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runOk } from '../helpers/cli.js';
import { gitOk } from '../helpers/git.js';
import { tempDir } from '../helpers/temp.js';

const TRACKS = '.claude/conductor/tracks';

const git = (cwd: string, ...args: string[]): string => gitOk(cwd, args);
const track = (cwd: string, ...args: string[]) => runOk(args, { cwd });

/** A repository whose tracks are committed, cloned: what each clone keeps to itself and what it shares. */
describe('tracks committed to git, seen from clones', () => {
  const t = tempDir('track-git-clones-');
  afterAll(() => t.cleanup());
  const origin = join(t.dir, 'origin');
  const clone = join(t.dir, 'clone');
  let shared = '';
  let other = '';

  it('init writes a .gitignore for the files of one machine; only track documents are committed', () => {
    git(t.dir, 'init', '-q', origin);
    track(origin, 'init');
    shared = track(origin, 'create', '--name', 'Shared work', '--goal', 'travel through git', '--json').json.track_id;
    other = track(origin, 'create', '--name', 'Other work', '--goal', 'stay ready', '--json').json.track_id;
    track(origin, 'activate', shared);
    track(origin, 'decide', 'Commit the tracks', '--rationale', 'code and plan land together');
    track(origin, 'checkpoint');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'tracks');
    const committed = git(origin, 'ls-files', TRACKS).trim().split('\n');
    expect(committed).toContain(`${TRACKS}/.gitignore`);
    expect(committed).toContain(`${TRACKS}/${shared}/track.json`);
    expect(committed).toContain(`${TRACKS}/${shared}/context/decisions.json`);
    expect(committed.some((f) => f.startsWith(`${TRACKS}/${shared}/checkpoints/`))).toBe(true);
    for (const local of ['track-head.json', 'track-registry.json', 'track-registry.closed.json', 'track-registry.files.json', '.track.lock']) {
      expect(committed).not.toContain(`${TRACKS}/${local}`);
    }
    expect(git(origin, 'status', '--porcelain')).toBe('');
  });

  it('a fresh clone reads at once, rebuilding its own derived files, and stays clean', () => {
    git(t.dir, 'clone', '-q', origin, clone);
    expect(existsSync(join(clone, TRACKS, 'track-registry.json'))).toBe(false);
    const listed = track(clone, 'list', '--json').json.tracks.map((s: { track_id: string }) => s.track_id);
    expect(listed.sort()).toEqual([shared, other].sort());
    // The track is active in the origin's lane, not in this clone's.
    expect(track(clone, 'get-active', '--json').json.active).toBeNull();
    expect(track(clone, 'context').stdout).not.toContain('Traceback');
    expect(track(clone, 'show', shared, '--json').json.track_id ?? track(clone, 'show', shared, '--json').json.track.track_id).toBe(shared);
    expect(git(clone, 'status', '--porcelain')).toBe('');
    expect(track(clone, 'doctor', '--json').json.healthy).toBe(true);
  });

  it('a track active in another clone is shown as held there; activating it follows the lanes rule', () => {
    const lanes = track(clone, 'lanes', '--json').json.lanes as Array<{ lane: string; clone: string | null; active_track_id: string | null }>;
    const holder = lanes.find((l) => l.active_track_id === shared);
    expect(holder?.clone).toMatch(/^[2-9a-hjkmnp-z]{6}$/);
    const listed = track(clone, 'list').stdout.split('\n');
    expect(listed.find((l) => l.startsWith(shared))).toContain(`(held by lane default of clone ${holder?.clone})`);
    expect(listed.find((l) => l.startsWith(other))).not.toContain('held by');
    const refused = runCli(['activate', shared], { cwd: clone });
    expect(refused.code).toBe(14);
    expect(refused.stderr).toContain(`of another clone (${holder?.clone})`);
    expect(refused.stderr).toContain('--take-over');
    const taken = track(clone, 'activate', shared, '--take-over', '--json').json;
    const note = (taken.track ?? taken).status_history.at(-1).reason as string;
    expect(note).toMatch(new RegExp(`^taken over by lane default of clone [2-9a-hjkmnp-z]{6} from lane default of clone ${holder?.clone}$`));
    expect(note).not.toContain(t.dir); // committed history names clones, never a path of this machine
    expect(track(clone, 'get-active', '--json').json.active.track_id).toBe(shared);
    expect(track(clone, 'doctor', '--json').json.healthy).toBe(true);

    // Restoring a checkpoint the origin wrote puts back the work, not the seat: the track stays this clone's.
    const mine = track(clone, 'show', shared, '--json').json.clone as string;
    const fromOrigin = track(clone, 'checkpoints', '--json').json.checkpoints[0].checkpoint_id as string;
    track(clone, 'restore', '--checkpoint', fromOrigin);
    expect(track(clone, 'show', shared, '--json').json.clone).toBe(mine);
    expect(track(clone, 'get-active', '--json').json.active.track_id).toBe(shared);
    expect(track(clone, 'doctor', '--json').json.healthy).toBe(true);
  });

  it('a checkout that adds or removes tracks is seen by the next command', () => {
    git(origin, 'checkout', '-q', '-b', 'side');
    const side = track(origin, 'create', '--name', 'Side branch work', '--goal', 'exists on side only', '--json').json.track_id;
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'side track');
    git(origin, 'checkout', '-q', 'main');
    const onMain = track(origin, 'list', '--json').json.tracks.map((s: { track_id: string }) => s.track_id);
    expect(onMain).not.toContain(side);
    git(origin, 'checkout', '-q', 'side');
    const onSide = track(origin, 'list', '--json').json.tracks.map((s: { track_id: string }) => s.track_id);
    expect(onSide).toContain(side);
    expect(track(origin, 'doctor', '--json').json.healthy).toBe(true);
    expect(readFileSync(join(origin, TRACKS, '.gitignore'), 'utf8')).toContain('/track-head.json');
  });
});
