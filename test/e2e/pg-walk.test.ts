/**
 * A user's walk on the database store through the built CLI: `track init --store postgres` in a
 * fresh git repository, then a track's whole life (plan, a real command, logs, a decision,
 * checkpoints, pause/resume/switch, complete), the overviews, doctor, commands from a subdirectory,
 * what git sees, a mistyped id and a missing environment variable. The password is in PGPASSWORD,
 * the URL in TRACK_DATABASE_URL: never on a command line.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliResult, runCli, runOk } from '../helpers/cli.js';
import { gitOk } from '../helpers/git.js';
import { databaseEnv, gitRepo } from '../helpers/pg-cli.js';
import { describeWithPostgres } from '../helpers/postgres.js';

const STORE_JSON = join('.claude', 'conductor', 'store.json');

describeWithPostgres('the README walk on a database store (built CLI, real PostgreSQL)', (db) => {
  const repo = gitRepo('track-pg-walk-');
  let env: NodeJS.ProcessEnv;
  const ok = (args: string[], cwd = repo.dir): CliResult => runOk(args, { cwd, env });
  const json = (args: string[], cwd = repo.dir) => ok([...args, '--json'], cwd).json;
  const argvSecrets = () => [env.PGPASSWORD ?? ''].filter(Boolean);

  beforeAll(() => {
    env = databaseEnv(db().url).env;
  });
  afterAll(() => repo.cleanup());

  it('init, create, plan with a real command, logs, decide, checkpoint, pause/resume/switch, complete; list, status, lanes and doctor agree', () => {
    const init = ok(['init', '--store', 'postgres']);
    expect(init.stdout).toContain("project 'repo': registered");
    expect(init.stdout).toContain('schema migrated to version 1');
    expect(JSON.parse(readFileSync(join(repo.dir, STORE_JSON), 'utf8'))).toEqual({
      format: 'track-store/1',
      kind: 'postgres',
      url_env: 'TRACK_DATABASE_URL',
      project: 'repo',
    });
    for (const secret of argvSecrets()) expect(readFileSync(join(repo.dir, STORE_JSON), 'utf8')).not.toContain(secret);

    const auth = json(['create', '--name', 'Authentication Feature', '--type', 'feature', '--goal', 'Add OAuth 2.0', '--priority', 'P1']).track_id;
    expect(auth).toBe('track-authentication-feature-001');
    ok(['activate', auth]);
    ok(['step', 'add', '--name', 'Build', '--action-type', 'run-command', '--command', 'echo built-it; echo warned >&2']);
    ok(['step', 'add', '--name', 'Review', '--action-type', 'manual', '--instructions', 'Read the diff', '--depends-on', 'step-001']);

    const ran = ok(['next']);
    expect(ran.stdout).toContain('built-it');
    expect(ran.stdout).toMatch(/step-001 Build completed \(run-001/);
    const logs = ok(['logs']).stdout;
    expect(logs).toContain('built-it');
    expect(logs).toContain('warned');
    expect(ok(['logs', '--stream', 'stderr']).stdout).not.toMatch(/^built-it$/m);

    const handed = json(['next', '--agent', 'walker']);
    expect(handed).toMatchObject({ kind: 'handed-off', step: { step_id: 'step-002', status: 'in-progress' } });
    expect(json(['decide', 'Use PKCE', '--rationale', 'public client']).id).toBe('dec-001');
    const cp = json(['checkpoint', '--reason', 'before the refactor']);
    expect(cp.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(json(['checkpoint', 'verify', '--all'])).toMatchObject({ ok: true });

    const paused = json(['pause', '--reason', 'Waiting for API review']);
    expect(paused.track.status).toBe('paused');
    expect(json(['resume']).track).toMatchObject({ track_id: auth, status: 'active' });
    const perf = json(['create', '--name', 'Perf Optimization', '--goal', 'Faster pages']).track_id;
    expect(json(['switch', '--to', perf])).toMatchObject({ track: { track_id: perf, status: 'active' }, checkpoint: { track_id: auth } });
    expect(json(['show', auth]).status).toBe('paused');
    expect(json(['switch', '--to', auth]).track.status).toBe('active');
    json(['step', 'complete', '--step-id', 'step-002', '--agent', 'walker', '--output', 'pr=42']);
    expect(json(['complete']).track).toMatchObject({ track_id: auth, status: 'completed' });

    const listed = json(['list']).tracks.map((t: { track_id: string; status: string }) => [t.track_id, t.status]);
    expect(listed).toEqual(
      expect.arrayContaining([
        [auth, 'completed'],
        [perf, 'paused'],
      ]),
    );
    expect(ok(['status']).stdout).toContain(`track resume ${perf}`);
    const context = ok(['context', '--track-id', auth]).stdout;
    expect(context).toContain('Use PKCE');
    const lanes = json(['lanes']).lanes;
    expect(lanes).toEqual([expect.objectContaining({ lane: 'default', current: true, active_track_id: null, worktree: repo.dir })]);
    const doctor = json(['doctor']);
    expect(doctor).toMatchObject({ healthy: true, problems: [] });
    expect(JSON.stringify(doctor)).not.toContain(env.PGPASSWORD ?? '<no password>');
  });

  it('finds store.json from a subdirectory, and git sees only store.json and the skill files (run output ignored)', () => {
    const deep = join(repo.dir, 'src', 'deep');
    mkdirSync(deep, { recursive: true });
    expect(json(['list'], deep).tracks).toHaveLength(2);
    expect(json(['show', 'track-perf-optimization-002'], deep).status).toBe('paused');
    const status = gitOk(repo.dir, ['status', '--porcelain', '--untracked-files=all']).split('\n').filter(Boolean).sort();
    expect(status).toEqual([
      `?? ${STORE_JSON}`,
      '?? .claude/skills/track-manager/SKILL.md',
      '?? .claude/skills/track-manager/manager.mjs',
      '?? .claude/skills/track-manager/registry.mjs',
      '?? .claude/skills/track-manager/track-cli.mjs',
    ]);
  });

  it('a mistyped id gets the did-you-mean hint, and the corrected command works', () => {
    const r = runCli(['show', 'track-perf-optimizaton-002'], { cwd: repo.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("did you mean 'track show track-perf-optimization-002'?");
    const typo = runCli(['activate', 'track-perf-optimization-02', '--json'], { cwd: repo.dir, env });
    expect(typo.json.error).toMatchObject({ code: 'NOT_FOUND', hint: "did you mean 'track activate track-perf-optimization-002 --json'?" });
    expect(json(['activate', 'track-perf-optimization-002']).track.status).toBe('active');
  });

  it('store.json naming an unset variable: exit 16 with a hint that works when followed', () => {
    const unset = { ...env, TRACK_DATABASE_URL: '' };
    const r = runCli(['status', '--json'], { cwd: repo.dir, env: unset });
    expect(r.code).toBe(16);
    expect(r.json.error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('TRACK_DATABASE_URL is not set') });
    expect(r.json.error.hint).toMatch(/^set TRACK_DATABASE_URL to the database URL/);
    expect(runCli(['status'], { cwd: repo.dir, env: unset }).stderr.trim().split('\n')).toHaveLength(1);
    // Following it: the variable set (the password still in PGPASSWORD), the same command works.
    expect(json(['status'])).toMatchObject({ track: { track_id: 'track-perf-optimization-002' } });
  });
});
