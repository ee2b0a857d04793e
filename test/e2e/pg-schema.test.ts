/**
 * Schema versions through the built CLI: a database without the schema refuses every command with
 * exit 17 and `track db migrate` as the hint (followed, it works); a newer schema is read but never
 * written; `track db migrate` is idempotent, also run several times at once on a fresh database.
 * The database is chosen by TRACK_DATABASE_URL alone (no store.json), from anywhere in the repository.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, runCliAsync, runOk } from '../helpers/cli.js';
import { gitOk } from '../helpers/git.js';
import { databaseEnv, emptyDatabase, gitRepo, hinted } from '../helpers/pg-cli.js';
import { adminQuery, describeWithPostgres } from '../helpers/postgres.js';

const READS = [['list'], ['status'], ['context'], ['lanes'], ['doctor'], ['show', 'track-one-001']];
const WRITES = [
  ['create', '--name', 'Two', '--goal', 'g'],
  ['activate', 'track-one-001'],
];

describeWithPostgres('schema versions on a database store (built CLI, real PostgreSQL)', (db) => {
  const repo = gitRepo('track-pg-schema-');
  const sub = join(repo.dir, 'src', 'lib');
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[], cwd = repo.dir) => runCli(args, { cwd, env });
  /** Each command with --json, all at once; with their arguments. */
  const all = async (commands: string[][]) =>
    Promise.all(commands.map(async (args) => ({ args, r: await runCliAsync([...args, '--json'], { cwd: repo.dir, env }) })));
  const trackCount = async () => (await adminQuery<{ n: number }>(db().url, 'SELECT count(*)::int AS n FROM track_tracks'))[0]?.n;

  beforeAll(() => {
    env = databaseEnv(db().url).env;
    mkdirSync(sub, { recursive: true });
  });
  afterAll(() => repo.cleanup());

  it('no schema yet: every command exits 17 naming track db migrate; followed (from a subdirectory too), everything works', async () => {
    for (const { args, r } of await all([...READS, ...WRITES])) {
      expect(r.code, args.join(' ')).toBe(17);
      expect(r.json.error).toMatchObject({ code: 'SCHEMA_MISMATCH', details: { schema_version: 0, expected: 1 } });
      expect(r.json.error.hint).toContain("'track db migrate'");
    }
    const hint = cli(['list', '--json']).json.error.hint;
    const migrated = runOk([...hinted(hint), '--json'], { cwd: sub, env }).json;
    expect(migrated).toEqual({ from: 0, to: 1, applied: [{ version: 1, name: expect.any(String) }], project_created: true, project: 'repo' });
    // The project is the repository's wherever a command runs in it.
    expect(runOk(['create', '--name', 'One', '--goal', 'g', '--json'], { cwd: sub, env }).json.track_id).toBe('track-one-001');
    expect(runOk(['list', '--json'], { cwd: repo.dir, env }).json.tracks.map((t: { track_id: string }) => t.track_id)).toEqual(['track-one-001']);
    // And a linked worktree of it (its folder named otherwise) is the same project.
    const worktree = join(repo.base, 'elsewhere');
    gitOk(repo.dir, ['worktree', 'add', '-q', '-b', 'elsewhere', worktree]);
    expect(runOk(['list', '--json'], { cwd: worktree, env }).json.tracks.map((t: { track_id: string }) => t.track_id)).toEqual(['track-one-001']);
  });

  it('track db migrate again: nothing applied, nothing changed', async () => {
    const before = await adminQuery(db().url, 'SELECT version, name, applied_at FROM track_schema ORDER BY version');
    expect(runOk(['db', 'migrate'], { cwd: repo.dir, env }).stdout).toBe('schema already at version 1\n');
    expect(runOk(['db', 'migrate', '--json'], { cwd: repo.dir, env }).json).toEqual({ from: 1, to: 1, applied: [], project_created: false, project: 'repo' });
    expect(await adminQuery(db().url, 'SELECT version, name, applied_at FROM track_schema ORDER BY version')).toEqual(before);
    expect(await trackCount()).toBe(1);
  });

  it('a newer schema (a later track-manager migrated it): reads work, writes exit 17 with an upgrade hint and change nothing', async () => {
    await adminQuery(db().url, "INSERT INTO track_schema (version, name) VALUES (999, 'from the future')");
    try {
      for (const { args, r } of await all(READS)) expect(r.code, `${args.join(' ')}: ${r.stdout}`).toBe(0);
      for (const { args, r } of await all([...WRITES, ['db', 'migrate']])) {
        expect(r.code, args.join(' ')).toBe(17);
        expect(r.json.error).toMatchObject({ code: 'SCHEMA_MISMATCH', details: { schema_version: 999, expected: 1 } });
        expect(r.json.error.message).toContain('newer than');
        expect(r.json.error.hint).toMatch(/^upgrade track-manager/);
      }
      expect(await trackCount()).toBe(1);
      expect(cli(['show', 'track-one-001', '--json']).json).toMatchObject({ name: 'One', status: 'draft' });
    } finally {
      await adminQuery(db().url, 'DELETE FROM track_schema WHERE version = 999');
    }
  });

  it('several track db migrate at once on a fresh database: all succeed, one applies the migration', async () => {
    const fresh = await emptyDatabase(db().adminUrl, `${db().name}_fresh`);
    try {
      const freshEnv = databaseEnv(fresh.url).env;
      const runs = await Promise.all([1, 2, 3].map(() => runCliAsync(['db', 'migrate', '--json'], { cwd: repo.dir, env: freshEnv })));
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const applied = runs.map((r) => JSON.parse(r.stdout).applied.length).sort();
      expect(applied).toEqual([0, 0, 1]);
      expect(runs.filter((r) => JSON.parse(r.stdout).project_created)).toHaveLength(1);
      expect(await adminQuery(fresh.url, 'SELECT version FROM track_schema')).toEqual([{ version: 1 }]);
      expect(runOk(['list', '--json'], { cwd: repo.dir, env: freshEnv }).json.tracks).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });

  it('--database-url on the command line: the migrate hint and every suggested command keep naming that database', async () => {
    const fresh = await emptyDatabase(db().adminUrl, `${db().name}_named`);
    try {
      const { url, env: withPassword } = databaseEnv(fresh.url);
      const passwordOnly = { PGPASSWORD: withPassword.PGPASSWORD ?? '', TRACK_DATABASE_URL: '' };
      const named = (args: string[]) => runCli([...args, '--database-url', url, '--json'], { cwd: sub, env: passwordOnly });
      const refused = named(['list']);
      expect(refused.code).toBe(17);
      const hint: string = refused.json.error.hint;
      expect(hint).toBe(`'track db migrate --database-url ${url}' brings it up to date (it needs a role allowed to create tables)`);
      expect(runOk(hinted(hint), { cwd: sub, env: passwordOnly }).stdout).toContain('applied migration 1');
      const created = runCli(['create', '--name', 'Named', '--goal', 'g', '--database-url', url], { cwd: sub, env: passwordOnly });
      expect(created.stdout).toContain(`next: track activate track-named-001 --database-url ${url}\n`);
      expect(named(['list']).json.tracks).toHaveLength(1);
    } finally {
      await fresh.drop();
    }
  });
});
