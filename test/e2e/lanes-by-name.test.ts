/**
 * Acting in a worktree's lane from elsewhere, as the refusal's hint says (`track pause --lane X` run
 * in another worktree), and `init` run in a linked worktree: what a user walking docs/lanes.md meets.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worktreeLaneId } from '../../src/core/lanes.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('a lane named from another worktree', () => {
  const t = tempDir('track-lanes-by-name-');
  const base = realpathSync(t.dir);
  const main = join(base, 'repo');
  const wt = (name: string) => join(base, name);
  const ok = (cwd: string, ...args: string[]) => {
    const r = runCli(args, { cwd });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  const ids = { alpha: '', beta: '' };

  beforeAll(() => {
    execFileSync('mkdir', ['-p', main]);
    git(main, 'init', '-q', '-b', 'main');
    git(main, 'commit', '-q', '--allow-empty', '-m', 'start');
    ok(main, 'init');
    ids.alpha = ok(main, 'create', '--name', 'Alpha', '--goal', 'do Alpha', '--json').json.track_id;
    ids.beta = ok(main, 'create', '--name', 'Beta', '--goal', 'do Beta', '--json').json.track_id;
    for (const name of ['wt-a', 'wt-b']) git(main, 'worktree', 'add', '-q', '-b', `br-${name}`, wt(name));
  });
  afterAll(() => t.cleanup());

  it("following the refusal's hint from another worktree leaves the lane with its own worktree", () => {
    ok(wt('wt-a'), 'activate', ids.alpha);
    const refused = runCli(['activate', ids.alpha, '--json'], { cwd: wt('wt-b') });
    expect(refused.code).toBe(14);
    const laneA = worktreeLaneId(wt('wt-a'));
    const hint: string = JSON.parse(refused.stdout).error.hint;
    expect(hint).toContain(`track pause --lane ${laneA}`);
    ok(wt('wt-b'), 'pause', '--lane', laneA);
    const lanes: Array<{ lane: string; worktree: string; branch: string }> = ok(wt('wt-b'), 'lanes', '--json').json.lanes;
    expect(lanes.find((l) => l.lane === laneA)).toMatchObject({ worktree: wt('wt-a'), branch: 'br-wt-a' });
    // A named lane (not a worktree's own) still follows the directory it acts from.
    const named = (cwd: string) => runCli(['checkpoint', '--track-id', ids.beta, '--reason', 'x'], { cwd, env: { TRACK_LANE: 'agent-1' } });
    ok(wt('wt-a'), 'activate', ids.beta, '--lane', 'agent-1');
    expect(named(wt('wt-b')).code).toBe(0);
    const after: Array<{ lane: string; worktree: string }> = ok(main, 'lanes', '--json').json.lanes;
    expect(after.find((l) => l.lane === 'agent-1')?.worktree).toBe(wt('wt-b'));
  });

  it('a mistyped lane name is named as such, with the lane meant, and resumes nothing into it', () => {
    const lane = worktreeLaneId(wt('wt-a'));
    const typo = `${lane.slice(0, -1)}${lane.endsWith('0') ? '1' : '0'}`;
    const paused = runCli(['pause', '--lane', typo], { cwd: main });
    expect(paused.code).toBe(3);
    expect(paused.stderr).toContain(`lane '${typo}', a lane this store has never seen; did you mean '${lane}'?`);
    expect(paused.stderr).toContain("'track lanes'");
    const resumed = runCli(['resume', '--lane', typo], { cwd: main });
    expect(resumed.code).toBe(3);
    expect(resumed.stderr).toContain(`did you mean '${lane}'?`);
    // A new name far from every known lane is simply a new lane.
    expect(runCli(['pause', '--lane', 'reviewer'], { cwd: main }).stderr).toContain('no track is active and no track id was given');
    expect(ok(main, 'lanes', '--json').json.lanes.map((l: { lane: string }) => l.lane)).not.toContain(typo);
  });

  it("init in a linked worktree names the main checkout's shared root, not a root above the worktree", () => {
    const r = ok(wt('wt-b'), 'init');
    const first = r.stdout.split('\n')[0];
    expect(first).toBe(
      `using the main checkout's tracks root ${join(main, '.claude/conductor/tracks')}, which every worktree of this repository shares; pass --root to choose another place`,
    );
  });
});
