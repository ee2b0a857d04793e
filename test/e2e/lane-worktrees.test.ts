/**
 * `track worktree add|remove` and stale lanes, through the built CLI, on real repositories with
 * real `git worktree`s.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worktreeLaneId } from '../../src/core/lanes.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The command a hint names (the first `track …` between quotes), as arguments. */
const hinted = (hint: string, which = 0): string[] => {
  const line = [...hint.matchAll(/'(track [^']+)'/g)][which]?.[1];
  if (!line) throw new Error(`no command in hint: ${hint}`);
  return line.split(' ').slice(1);
};

type Entry = { from: string | null; to: string; reason?: string };

describe('track worktree add/remove and stale lanes', () => {
  const t = tempDir('track-lane-wt-');
  const main = join(t.dir, 'repo');
  const sibling = (name: string) => join(t.dir, name);
  const cli = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd, env });
  const ok = (cwd: string, ...args: string[]) => {
    const r = cli(cwd, args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const error = (r: { stdout: string }) => JSON.parse(r.stdout).error as { code: string; message: string; hint: string };
  const history = (id: string): Entry[] => ok(main, 'history', '--track-id', id, '--json').json.history;
  const status = (id: string): string => ok(main, 'show', id, '--json').json.status;
  const laneIds = (): string[] => ok(main, 'lanes', '--json').json.lanes.map((l: { lane: string }) => l.lane);
  const branches = () => git(main, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean);
  /** The ids `create` printed (tagged: the store is shared through git). */
  const ids = {} as Record<'alpha' | 'beta' | 'gamma' | 'delta' | 'epsilon' | 'zeta', string>;
  /** The default worktree folder of a track: beside the main checkout, named after the id. */
  const folder = (id: string, suffix = '') => `repo-${id.replace(/^track-/, '')}${suffix}`;

  beforeAll(() => {
    mkdirSync(main);
    git(main, 'init', '-q', '-b', 'main');
    writeFileSync(join(main, 'README'), 'hello\n');
    git(main, 'add', 'README');
    git(main, 'commit', '-q', '-m', 'start');
    ok(main, 'init');
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta'])
      ids[name.toLowerCase() as keyof typeof ids] = ok(main, 'create', '--name', name, '--goal', `do ${name}`, '--json').json.track_id;
  });
  afterAll(() => t.cleanup());

  it('add: a worktree on its own branch beside the main checkout, the track active in its lane; remove: paused with a checkpoint, lane forgotten, worktree gone', () => {
    const added = ok(main, 'worktree', 'add', ids.alpha, '--json').json;
    const path = sibling(folder(ids.alpha));
    expect(added).toEqual({ worktree: path, branch: `track/${ids.alpha}`, new_branch: true, lane: worktreeLaneId(path), track_id: ids.alpha });
    expect(git(path, 'branch', '--show-current').trim()).toBe(`track/${ids.alpha}`);
    expect(ok(path, 'get-active', '--json').json.active.track_id).toBe(ids.alpha);
    expect(ok(main, 'get-active', '--json').json.active).toBeNull();
    expect(laneIds()).toContain(worktreeLaneId(path));

    // The human output ends with the line to paste.
    const human = ok(main, 'worktree', 'add', ids.beta, '--path', '../beta-here', '--branch', 'feature/beta').stdout.trim().split('\n');
    expect(human.at(-1)).toBe(`cd ${sibling('beta-here')}`);
    expect(ok(sibling('beta-here'), 'get-active', '--json').json.active.track_id).toBe(ids.beta);

    writeFileSync(join(path, 'work.txt'), 'done\n');
    git(path, 'add', 'work.txt');
    git(path, 'commit', '-q', '-m', 'work');
    const removed = ok(main, 'worktree', 'remove', path, '--json').json;
    expect(removed).toMatchObject({ worktree: path, branch: `track/${ids.alpha}`, lanes: [worktreeLaneId(path)] });
    expect(removed.paused).toEqual([{ track_id: ids.alpha, lane: worktreeLaneId(path), checkpoint_id: expect.stringMatching(/^checkpoint-/) }]);
    expect(existsSync(path)).toBe(false);
    expect(git(main, 'worktree', 'list')).not.toContain(path);
    expect(branches()).toContain(`track/${ids.alpha}`);
    expect(status(ids.alpha)).toBe('paused');
    expect(history(ids.alpha).at(-1)).toMatchObject({ from: 'active', to: 'paused', reason: `worktree ${path} removed` });
    const checkpoint = ok(main, 'checkpoints', '--track-id', ids.alpha, '--json').json.checkpoints.at(-1);
    expect(checkpoint).toMatchObject({
      checkpoint_id: removed.paused[0].checkpoint_id,
      kind: 'pause',
      git: { branch: `track/${ids.alpha}`, worktree: path },
    });
    expect(laneIds()).not.toContain(worktreeLaneId(path));
    ok(main, 'doctor');

    // Round trip: the kept branch is checked out again, and the paused track resumes there.
    const again = ok(main, 'worktree', 'add', ids.alpha, '--json').json;
    expect(again).toMatchObject({ worktree: path, branch: `track/${ids.alpha}`, new_branch: false });
    expect(existsSync(join(path, 'work.txt'))).toBe(true);
    expect(ok(path, 'get-active', '--json').json.active.track_id).toBe(ids.alpha);
    ok(main, 'worktree', 'remove', path);
  });

  it('add refuses, before git runs, an unknown track, a track active in another lane, a path taken; each hint works', () => {
    const before = branches();
    const mistyped = ids.gamma.replace('gamma', 'gama');
    const typo = cli(main, ['worktree', 'add', mistyped, '--json']);
    expect(typo.code).toBe(3);
    expect(error(typo).hint).toContain(`'track worktree add ${ids.gamma}`);
    expect(existsSync(sibling(folder(mistyped)))).toBe(false);

    ok(main, 'activate', ids.gamma);
    const held = cli(main, ['worktree', 'add', ids.gamma, '--json']);
    expect(held.code).toBe(14);
    expect(error(held).message).toContain('active in lane default');
    expect(existsSync(sibling(folder(ids.gamma)))).toBe(false);
    expect(branches()).toEqual(before);
    expect(git(main, 'worktree', 'list').trim().split('\n')).toHaveLength(2); // main and beta-here
    const takeOver = hinted(error(held).hint, 1);
    expect(takeOver).toEqual(['worktree', 'add', ids.gamma, '--take-over']);
    ok(main, ...takeOver);
    expect(ok(sibling(folder(ids.gamma)), 'get-active', '--json').json.active.track_id).toBe(ids.gamma);
    expect(ok(main, 'get-active', '--json').json.active).toBeNull();
    expect(JSON.stringify(history(ids.gamma))).toContain(`taken over by lane ${worktreeLaneId(sibling(folder(ids.gamma)))}`);

    mkdirSync(sibling(folder(ids.delta)));
    const taken = cli(main, ['worktree', 'add', ids.delta, '--json']);
    expect(taken.code).toBe(11);
    expect(status(ids.delta)).toBe('draft');
    ok(main, ...hinted(error(taken).hint));
    expect(ok(sibling(folder(ids.delta, '-2')), 'get-active', '--json').json.active.track_id).toBe(ids.delta);

    const busyBranch = cli(main, ['worktree', 'add', ids.zeta, '--branch', 'feature/beta', '--json']);
    expect(busyBranch.code).toBe(11);
    expect(error(busyBranch).message).toContain(sibling('beta-here'));
    expect(existsSync(sibling(folder(ids.zeta)))).toBe(false);
    expect(status(ids.zeta)).toBe('draft');
  });

  it('add outside a git repository is refused with exit 2', () => {
    const plain = join(t.dir, 'plain');
    mkdirSync(plain);
    ok(plain, 'init');
    ok(plain, 'create', '--name', 'Solo', '--goal', 'alone');
    const r = cli(plain, ['worktree', 'add', 'track-solo-001']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*not in a git repository/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('remove refuses a mistyped path, the main checkout, and uncommitted changes without --force; refused, nothing was paused', () => {
    const path = sibling(folder(ids.gamma));
    const typo = cli(main, ['worktree', 'remove', `../${folder(ids.gamma.replace('gamma', 'gama'))}`, '--json']);
    expect(typo.code).toBe(3);
    expect(error(typo).hint).toContain("'track lanes'");
    expect(ok(main, ...hinted(error(typo).hint)).stdout).toContain(`../${folder(ids.gamma)}`);
    expect(cli(main, ['worktree', 'remove', main]).code).toBe(2);

    writeFileSync(join(path, 'draft.txt'), 'not committed\n');
    const checkpoints = ok(main, 'checkpoints', '--track-id', ids.gamma, '--json').json.checkpoints.length;
    const dirty = cli(main, ['worktree', 'remove', path, '--json']);
    expect(dirty.code).toBe(4);
    expect(error(dirty).message).toContain('1 uncommitted change');
    expect(existsSync(join(path, 'draft.txt'))).toBe(true);
    expect(status(ids.gamma)).toBe('active');
    expect(ok(path, 'get-active', '--json').json.active.track_id).toBe(ids.gamma);
    expect(ok(main, 'checkpoints', '--track-id', ids.gamma, '--json').json.checkpoints).toHaveLength(checkpoints);

    const forced = hinted(error(dirty).hint);
    expect(forced).toEqual(['worktree', 'remove', path, '--force']);
    ok(main, ...forced);
    expect(existsSync(path)).toBe(false);
    expect(status(ids.gamma)).toBe('paused');
    const checkpoint = ok(main, 'checkpoints', '--track-id', ids.gamma, '--json').json.checkpoints.at(-1);
    expect(checkpoint.git.dirty).toContain('draft.txt');
  });

  it('a deleted worktree: doctor reports its lane, --fix pauses the track with a checkpoint and forgets the lane', () => {
    const path = sibling(folder(ids.delta, '-2'));
    const lane = worktreeLaneId(path);
    rmSync(path, { recursive: true, force: true });
    git(main, 'worktree', 'prune');
    const report = cli(main, ['doctor']);
    expect(report.code).toBe(8);
    const line = report.stdout.split('\n').find((l) => l.includes(`lane ${lane}`));
    expect(line).toMatch(new RegExp(`lane ${lane} holds track ${ids.delta}, but its worktree ${path} is gone \\(last activity \\d{4}-`));
    ok(main, 'doctor', '--fix');
    expect(status(ids.delta)).toBe('paused');
    expect(history(ids.delta).at(-1)).toMatchObject({ to: 'paused', reason: `released by doctor from lane ${lane}: its worktree ${path} is gone` });
    expect(ok(main, 'checkpoints', '--track-id', ids.delta, '--json').json.checkpoints.at(-1).kind).toBe('pause');
    expect(laneIds()).not.toContain(lane);
    expect(ok(main, 'doctor').stdout).toContain('healthy');
    ok(main, 'resume', ids.delta);
    ok(main, 'pause');
  });

  it("a deleted worktree's track is released by an activate from another lane", () => {
    const path = sibling(folder(ids.epsilon));
    ok(main, 'worktree', 'add', ids.epsilon);
    rmSync(path, { recursive: true, force: true });
    ok(main, 'activate', ids.epsilon);
    expect(ok(main, 'get-active', '--json').json.active.track_id).toBe(ids.epsilon);
    const moves = history(ids.epsilon).slice(-2);
    expect(moves[0]).toMatchObject({ from: 'active', to: 'paused', reason: `released: lane ${worktreeLaneId(path)}'s worktree ${path} is gone` });
    expect(moves[1]).toMatchObject({ from: 'paused', to: 'active' });
    expect(laneIds()).not.toContain(worktreeLaneId(path));
    ok(main, 'pause');
    git(main, 'worktree', 'prune');
  });

  it('a named lane idle longer than --stale-after (or TRACK_STALE_AFTER) is reported, and --fix releases its track', async () => {
    ok(main, 'activate', ids.zeta, '--lane', 'agent-x');
    expect(cli(main, ['doctor']).code).toBe(0); // fresh, and the default is 24h
    await new Promise((r) => setTimeout(r, 1_500));
    const report = cli(main, ['doctor', '--stale-after', '1s']);
    expect(report.code).toBe(8);
    expect(report.stdout).toMatch(new RegExp(`lane agent-x \\(worktree .*\\) holds track ${ids.zeta} but has not acted for over 1s \\(last activity \\d{4}-`));
    expect(cli(main, ['doctor', '--stale-after', '2d']).code).toBe(0);
    const bad = cli(main, ['doctor', '--stale-after', '12 hours']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('e.g. 30m, 12h or 2d');
    expect(cli(main, ['doctor', '--fix'], { TRACK_STALE_AFTER: '1s' }).code).toBe(0);
    expect(status(ids.zeta)).toBe('paused');
    expect(history(ids.zeta).at(-1)?.reason).toMatch(/^released by doctor from lane agent-x: it has not acted since \d{4}-/);
    const lanes = ok(main, 'lanes', '--json').json.lanes;
    expect(lanes.find((l: { lane: string }) => l.lane === 'agent-x')).toMatchObject({ active_track_id: null });
    // The lane takes its track up again by id.
    ok(main, 'resume', ids.zeta, '--lane', 'agent-x');
  });
});
