import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const git = (cwd: string, ...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });

/** A committed tracks directory, the same track changed on two branches, merged: git leaves track.json in conflict. */
describe('a track file left in conflict by an unfinished git merge', () => {
  const t = tempDir('track-merge-conflict-');
  afterAll(() => t.cleanup());

  it('every command names the file and how to finish the merge; doctor --fix leaves the track where it is', () => {
    const dir = t.dir;
    const ok = (...args: string[]) => {
      const r = runCli(args, { cwd: dir });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    git(dir, 'init', '-q', '-b', 'main');
    ok('init');
    // A clone without the merge driver (init registers it; a fresh clone has only .gitattributes): git merges by lines.
    git(dir, 'config', '--remove-section', 'merge.track');
    const id = ok('create', '--name', 'Shared', '--goal', 'one track, two branches', '--json').json.track_id;
    expect(id).toMatch(/^track-shared-001-[2-9a-hjkmnp-z]{5}$/);
    ok('activate', id);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'tracks');
    git(dir, 'checkout', '-q', '-b', 'other');
    ok('update', '--field', 'priority', '--value', 'P0');
    git(dir, 'commit', '-q', '-am', 'P0 on other');
    git(dir, 'checkout', '-q', 'main');
    ok('update', '--field', 'priority', '--value', 'P3');
    git(dir, 'commit', '-q', '-am', 'P3 on main');
    expect(git(dir, 'merge', 'other').status).not.toBe(0);
    const trackFile = join(dir, `.claude/conductor/tracks/${id}/track.json`);
    expect(readFileSync(trackFile, 'utf8')).toMatch(/^<{7} /m);

    const status = runCli(['status'], { cwd: dir });
    expect(status.code).toBe(8);
    expect(status.stderr).toContain(`${id}/track.json: has unresolved git merge conflict markers`);
    expect(status.stderr).toContain('finish the merge');
    expect(status.stderr).not.toContain('doctor --fix');

    // An overview still shows every lane: the track in conflict is listed, its details unread.
    const lanes = runCli(['lanes', '--json'], { cwd: dir });
    expect(lanes.code, lanes.stderr).toBe(0);
    expect(lanes.json.lanes.find((l: { active_track_id: string | null }) => l.active_track_id === id)).toMatchObject({ track_name: null });

    const fix = runCli(['doctor', '--fix', '--json'], { cwd: dir });
    expect(fix.json.healthy).toBe(false);
    // What it fixes is the modes git checked the file out with; nothing is moved.
    expect(fix.json.fixed.filter((p: { check: string }) => p.check !== 'files')).toEqual([]);
    // …and that this clone lacks the merge driver, which 'track init' registers.
    expect(fix.json.remaining.map((p: { path: string }) => p.path)).toEqual([`${id}/track.json`, '.gitattributes']);
    expect(fix.json.remaining[0].problem).toContain('unresolved git merge conflict markers');
    expect(existsSync(trackFile)).toBe(true);
    expect(existsSync(join(dir, '.claude/conductor/tracks/lost+found'))).toBe(false);

    // Following the hint: take one side, add it; the track is back, whole.
    execFileSync('git', ['checkout', '--theirs', '--', trackFile], { cwd: dir });
    git(dir, 'add', trackFile);
    expect(ok('get-active', '--json').json.active.track_id).toBe(id);
    const shown = ok('show', '--json').json;
    expect(shown.track?.priority ?? shown.priority).toBe('P0');
  });
});
