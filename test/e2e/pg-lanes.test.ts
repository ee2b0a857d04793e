/**
 * Lanes on a database store through the built CLI: linked git worktrees of a repository set up
 * with `track init --store postgres` are lanes of the same database project (also before
 * store.json is committed), two shells act at once in different lanes, the output of commands run
 * in any worktree of a clone is readable from the others and never shows in `git status`, and a
 * fresh clone needs nothing but the variable.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { worktreeLaneId } from '../../src/core/lanes.js';
import { type CliResult, runCli, runCliAsync, runOk } from '../helpers/cli.js';
import { gitOk } from '../helpers/git.js';
import { databaseEnv, gitRepo } from '../helpers/pg-cli.js';
import { describeWithPostgres } from '../helpers/postgres.js';

const porcelain = (dir: string): string[] => gitOk(dir, ['status', '--porcelain', '--untracked-files=all']).split('\n').filter(Boolean);

describeWithPostgres('lanes on a database store: worktrees, two shells at once, clones (built CLI)', (db) => {
  const repo = gitRepo('track-pg-lanes-');
  const wt = join(repo.base, 'repo-wt');
  let env: NodeJS.ProcessEnv;
  const ok = (cwd: string, args: string[]): CliResult => runOk(args, { cwd, env });
  const json = (cwd: string, args: string[]) => ok(cwd, [...args, '--json']).json;
  const ids = { alpha: '', beta: '' };

  beforeAll(() => {
    env = databaseEnv(db().url).env;
    // A project id of its own (not the folder's name): only store.json says which project the worktree is in.
    ok(repo.dir, ['init', '--store', 'postgres', '--project', 'lanes-e2e']);
    // A worktree made before store.json is committed: it has no store.json of its own.
    gitOk(repo.dir, ['worktree', 'add', '-q', '-b', 'wt', wt]);
    ids.alpha = json(repo.dir, ['create', '--name', 'Alpha', '--goal', 'a']).track_id;
    ids.beta = json(repo.dir, ['create', '--name', 'Beta', '--goal', 'b']).track_id;
  });
  afterAll(() => repo.cleanup());

  it('a linked worktree is its own lane of the same project; the main checkout is the default lane, seen from anywhere', () => {
    expect(
      json(wt, ['list'])
        .tracks.map((t: { track_id: string }) => t.track_id)
        .sort(),
    ).toEqual([ids.alpha, ids.beta]);
    ok(repo.dir, ['activate', ids.alpha]);
    ok(wt, ['activate', ids.beta]);
    const lane = worktreeLaneId(wt);
    for (const [from, current] of [
      [repo.dir, 'default'],
      [wt, lane],
    ]) {
      const lanes = json(from as string, ['lanes']).lanes.map((l: any) => [l.lane, l.worktree, l.branch, l.active_track_id, l.current]);
      expect(lanes, `track lanes in ${from}`).toEqual([
        ['default', repo.dir, 'main', ids.alpha, current === 'default'],
        [lane, wt, 'wt', ids.beta, current === lane],
      ]);
    }
    // `init` run there too finds the main checkout's project, and changes nothing in the database.
    expect(json(wt, ['init', '--store', 'postgres'])).toMatchObject({ project: 'lanes-e2e', project_created: false, url_env: 'TRACK_DATABASE_URL' });
    const taken = runCli(['activate', ids.alpha, '--json'], { cwd: wt, env });
    expect(taken.code).toBe(14);
    expect(taken.json.error.code).toBe('ACTIVE_IN_OTHER_LANE');
  });

  it('two shells at once, one per lane: commands running side by side, notes interleaved, nothing lost', async () => {
    ok(repo.dir, ['step', 'add', '--name', 'Slow A', '--action-type', 'run-command', '--command', 'sleep 1; echo alpha-output']);
    ok(wt, ['step', 'add', '--name', 'Slow B', '--action-type', 'run-command', '--command', 'sleep 1; echo beta-output']);
    const shell = (cwd: string, args: string[]) => runCliAsync(args, { cwd, env });
    const results = await Promise.all([
      shell(repo.dir, ['next']),
      shell(wt, ['next']),
      ...[1, 2, 3].flatMap((n) => [shell(repo.dir, ['decide', `alpha decision ${n}`]), shell(wt, ['decide', `beta decision ${n}`])]),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(results[0]?.stdout).toContain('alpha-output');
    expect(results[1]?.stdout).toContain('beta-output');
    for (const [id, cwd, name] of [
      [ids.alpha, repo.dir, 'alpha'],
      [ids.beta, wt, 'beta'],
    ] as const) {
      const shown = json(cwd, ['show', id]);
      expect(shown.steps.map((s: { status: string }) => s.status)).toEqual(['completed']);
      const decisions = json(cwd, ['decisions', '--track-id', id])
        .decisions.map((d: { title: string }) => d.title)
        .sort();
      expect(decisions).toEqual([1, 2, 3].map((n) => `${name} decision ${n}`));
    }
    expect(json(wt, ['doctor'])).toMatchObject({ healthy: true });
  });

  it("a command's output, wherever it ran, is readable from every worktree of the clone and never shows in git status", () => {
    expect(ok(repo.dir, ['logs', '--track-id', ids.beta]).stdout).toContain('beta-output');
    expect(ok(wt, ['logs', '--track-id', ids.alpha]).stdout).toContain('alpha-output');
    // Only what `init` wrote there (the set-up to commit), in either checkout.
    const setUp = (line: string) => /^\?\? \.claude\/(conductor\/store\.json|skills\/track-manager\/)/.test(line);
    expect(porcelain(wt).filter((line) => !setUp(line))).toEqual([]);
    expect(porcelain(repo.dir).filter((line) => !setUp(line))).toEqual([]);
  });

  it('a fresh clone of the committed set-up needs only the variable: same project, its run output ignored too', () => {
    gitOk(repo.dir, ['add', '.claude']);
    gitOk(repo.dir, ['commit', '-q', '-m', 'track-manager on PostgreSQL']);
    const clone = join(repo.base, 'clone');
    gitOk(repo.base, ['clone', '-q', repo.dir, clone]);
    const laptop = { ...env, TRACK_LANE: 'laptop-2' };
    const r = (args: string[]) => runOk(args, { cwd: clone, env: laptop });
    expect(JSON.parse(r(['list', '--json']).stdout).tracks).toHaveLength(2);
    const gamma = JSON.parse(r(['create', '--name', 'Gamma', '--goal', 'c', '--json']).stdout).track_id;
    r(['activate', gamma]);
    r(['step', 'add', '--name', 'Echo', '--action-type', 'run-command', '--command', 'echo gamma-output']);
    expect(r(['next']).stdout).toContain('gamma-output');
    expect(porcelain(clone)).toEqual([]);
    expect(json(repo.dir, ['lanes']).lanes.map((l: { lane: string }) => l.lane)).toContain('laptop-2');
  });
});
