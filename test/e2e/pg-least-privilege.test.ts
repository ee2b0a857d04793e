import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { adminQuery, databaseUrl, describeWithPostgres, testDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The application's role needs no DDL: with only the grants below (what docs/postgres.md lists),
 * every everyday command works on a migrated database, and `track db migrate` on a database
 * without the schema is refused as PERMISSION (exit 13) with a hint naming the role it needs.
 */
const ROLE = `track_app_${randomBytes(4).toString('hex')}`;
const PASSWORD = randomBytes(12).toString('hex');
const TABLES = [
  'track_projects',
  'track_tracks',
  'track_lanes',
  'track_context',
  'track_checkpoints',
  'track_objects',
  'track_runs',
  'track_run_files',
  'track_commits',
];
const FUNCTIONS = ['track_assert_pointer(text, text)', 'track_active_has_pointer()', 'track_pointer_kept()'];

/** The grants, as docs/postgres.md gives them, for `database`. */
const grants = (database: string): string[] => [
  `GRANT CONNECT ON DATABASE ${database} TO ${ROLE}`,
  `GRANT USAGE ON SCHEMA public TO ${ROLE}`,
  `GRANT SELECT ON track_schema TO ${ROLE}`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ${TABLES.join(', ')} TO ${ROLE}`,
  `GRANT EXECUTE ON FUNCTION ${FUNCTIONS.join(', ')} TO ${ROLE}`,
];

/** What a hardened database takes away from everyone: creating in the public schema, running functions not granted. */
const hardening = (database: string): string[] => [
  `REVOKE ALL ON DATABASE ${database} FROM PUBLIC`,
  'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
  'REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC',
];

const run = (sqls: string[], url: string) => sqls.reduce((p, sql) => p.then(() => adminQuery(url, sql)), Promise.resolve([] as unknown[]));

describeWithPostgres('a least-privilege role', (db) => {
  const work = tempDir('track-pg-role-');
  afterAll(async () => {
    work.cleanup();
    await adminQuery(db().adminUrl, `DROP ROLE IF EXISTS ${ROLE}`).catch(() => {});
  });

  it('runs every everyday command with only CONNECT, USAGE and SELECT/INSERT/UPDATE/DELETE on the track tables', { timeout: 120_000 }, async () => {
    await adminQuery(db().adminUrl, `CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    const migrated = await runCliAsync(['db', 'migrate'], { cwd: work.dir, env: { TRACK_DATABASE_URL: db().url, TRACK_PROJECT: 'owner-setup' } });
    expect(migrated.code, migrated.stderr).toBe(0);
    await run([...hardening(db().name), ...grants(db().name)], db().url);

    const appUrl = roleUrl(db().url);
    const env = { TRACK_DATABASE_URL: appUrl };
    const track = async (...args: string[]) => {
      const r = await runCliAsync(args, { cwd: work.dir, env });
      expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    writeFileSync(join(work.dir, 'notes.txt'), 'an artifact');
    await track('init', '--store', 'postgres', '--project', 'app-project');
    await track('db', 'migrate');
    await track('create', '--name', 'First', '--goal', 'with the least privileges', '--id', 'first');
    await track('create', '--name', 'Second', '--goal', 'to switch to', '--id', 'second');
    await track('activate', 'first');
    await track('step', 'add', '--name', 'Look around', '--action-type', 'manual', '--instructions', 'read the code');
    await track('next');
    await track('step', 'complete', 'step-001', '--notes', 'looked');
    await track('decide', 'Use the app role');
    await track('assume', 'the grants suffice');
    await track('learn', 'no DDL needed');
    await track('artifact', 'add', 'notes.txt');
    await track('checkpoint', '--reason', 'midway');
    await track('checkpoint', 'verify');
    await track('switch', 'second');
    await track('pause');
    await track('resume', 'first');
    await Promise.all(
      [['list'], ['show', 'first'], ['get-active'], ['status'], ['context'], ['history', 'first'], ['lanes'], ['decisions'], ['stats']].map((read) =>
        track(...read),
      ),
    );
    await track('export', 'first', '--out', join(work.dir, 'first.bundle.json'));
    await track('import', join(work.dir, 'first.bundle.json'), '--id', 'first-copy');
    await track('db', 'copy', '--from', appUrl, '--to', join(work.dir, 'copied'));
    await track('hook', 'pre-compact');
    const primer = await track('hook', 'session-start');
    expect(primer.stdout).toContain('First');
    expect(primer.stderr).toBe('');
    await track('complete', 'first', '--force');
    await track('archive', 'first');
  });

  it('is refused `track db migrate` on a database without the schema: PERMISSION, exit 13, naming the role it needs', async () => {
    const fresh = await testDatabase();
    try {
      await run([...hardening(fresh.name), `GRANT CONNECT ON DATABASE ${fresh.name} TO ${ROLE}`, `GRANT USAGE ON SCHEMA public TO ${ROLE}`], fresh.url);
      const r = await runCliAsync(['db', 'migrate'], { cwd: work.dir, env: { TRACK_DATABASE_URL: roleUrl(fresh.url) } });
      expect(r.code).toBe(13);
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /track db migrate needs a role that may create tables .*permission denied for schema public.*\(hint: run it with the URL of the database owner/,
        ),
      ]);
      expect(r.stderr).not.toContain(PASSWORD);
      expect(await adminQuery(fresh.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
      // The hint followed: the owner migrates, and then the role works.
      expect((await runCliAsync(['db', 'migrate'], { cwd: work.dir, env: { TRACK_DATABASE_URL: fresh.url } })).code).toBe(0);
      await run(grants(fresh.name), fresh.url);
      const after = await runCliAsync(['db', 'migrate'], { cwd: work.dir, env: { TRACK_DATABASE_URL: roleUrl(fresh.url), TRACK_PROJECT: 'after' } });
      expect(after.code, after.stderr).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});

function roleUrl(url: string): string {
  const u = new URL(databaseUrl(url, new URL(url).pathname.slice(1)));
  u.username = ROLE;
  u.password = PASSWORD;
  return u.toString();
}
