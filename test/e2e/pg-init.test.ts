/**
 * `track init --store postgres` through the built CLI: the variable it names (`--url-env`), a hint
 * that works when the variable is missing, a second run that changes nothing and says so, and a
 * store.json holding a URL refused everywhere without printing it.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, runOk } from '../helpers/cli.js';
import { databaseEnv, gitRepo, hinted } from '../helpers/pg-cli.js';
import { adminQuery, describeWithPostgres } from '../helpers/postgres.js';

const STORE_JSON = join('.claude', 'conductor', 'store.json');

/** Every file under `dir` with its bytes and modification time. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = `${statSync(path).mtimeMs} ${readFileSync(path, 'base64')}`;
  }
  return out;
}

describeWithPostgres('track init --store postgres (built CLI, real PostgreSQL)', (db) => {
  const repo = gitRepo('track-pg-init-');
  let other: NodeJS.ProcessEnv;
  /** No TRACK_DATABASE_URL: the project names another variable. */
  const bare = { TRACK_DATABASE_URL: '', OTHER_DB: '' };

  beforeAll(() => {
    other = { ...databaseEnv(db().url, 'OTHER_DB').env, TRACK_DATABASE_URL: '' };
  });
  afterAll(() => repo.cleanup());

  it('--url-env OTHER: without it set, exit 16 and a hint that works as printed; then store.json names OTHER, never the URL', () => {
    const missing = runCli(['init', '--store', 'postgres', '--url-env', 'OTHER_DB', '--project', 'shop', '--json'], { cwd: repo.dir, env: bare });
    expect(missing.code).toBe(16);
    expect(missing.json.error.message).toBe('no database to set up: OTHER_DB is not set');
    const hint: string = missing.json.error.hint;
    expect(hint).toMatch(/^export OTHER_DB=postgres:\/\/USER@HOST:5432\/DB /);
    expect(readdirSync(repo.dir)).toEqual(['.git']);

    const followed = runOk(hinted(hint), { cwd: repo.dir, env: other });
    expect(followed.stdout).toContain('every machine sets OTHER_DB to the database URL');
    const text = readFileSync(join(repo.dir, STORE_JSON), 'utf8');
    expect(JSON.parse(text)).toEqual({ format: 'track-store/1', kind: 'postgres', url_env: 'OTHER_DB', project: 'shop' });
    expect(text).not.toContain('postgres://');
    expect(runOk(['create', '--name', 'First', '--goal', 'g', '--json'], { cwd: repo.dir, env: other }).json.track_id).toBe('track-first-001');
  });

  it('a second run changes nothing (not a byte, not a time) and says so, in words and in --json', async () => {
    const before = filesOf(join(repo.dir, '.claude'));
    const human = runOk(['init', '--store', 'postgres'], { cwd: repo.dir, env: other }).stdout;
    expect(human).toContain("project 'shop': already registered (left as it is)");
    expect(human).toContain('schema already at version 1');
    expect(human).not.toMatch(/^wrote /m);
    const again = runOk(['init', '--store', 'postgres', '--json'], { cwd: repo.dir, env: other }).json;
    expect(again).toMatchObject({ project: 'shop', url_env: 'OTHER_DB', schema_version: 1, migrations_applied: [], project_created: false, files: [] });
    expect(again.database).not.toContain(other.PGPASSWORD ?? '<none>');
    expect(again.unchanged).toContain(join(repo.dir, STORE_JSON));
    expect(filesOf(join(repo.dir, '.claude'))).toEqual(before);
    const rows = await adminQuery<{ n: number }>(db().url, 'SELECT count(*)::int AS n FROM track_tracks WHERE project = $1', ['shop']);
    expect(rows[0]?.n).toBe(1);
  });

  it('a store.json holding a URL is refused by every command (exit 2, the secret never printed) and by init; the hint, followed, works', () => {
    const path = join(repo.dir, STORE_JSON);
    const leaked = { format: 'track-store/1', kind: 'postgres', url: 'postgres://app:s3cret-pw@db.internal/tracks', project: 'shop' };
    writeFileSync(path, `${JSON.stringify(leaked)}\n`);
    for (const args of [['list'], ['status', '--json'], ['init', '--store', 'postgres'], ['init', '--store', 'postgres', '--url-env', 'OTHER_DB']]) {
      const r = runCli(args, { cwd: repo.dir, env: other });
      expect(r.code, args.join(' ')).toBe(2);
      expect(`${r.stdout}${r.stderr}`).not.toContain('s3cret-pw');
      expect(`${r.stdout}${r.stderr}`).toContain('must not hold a database URL or password');
    }
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(leaked);
    const hint = runCli(['list', '--json'], { cwd: repo.dir, env: other }).json.error.hint;
    expect(hint).toContain('name the environment variable instead: "url_env"');
    // Followed: the URL removed, the variable named.
    const { url: _dropped, ...kept } = leaked;
    writeFileSync(path, `${JSON.stringify({ ...kept, url_env: 'OTHER_DB' })}\n`);
    expect(runOk(['list', '--json'], { cwd: repo.dir, env: other }).json.tracks).toHaveLength(1);
  });
});
