/**
 * `track db copy` through the built CLI: a file store with tracks in every state (active with a
 * plan, a run and its logs, context and an artifact; paused with checkpoints; completed; a draft
 * with notes) → a database → a new tracks root. Every document, context file, checkpoint, object
 * and run file comes back byte for byte, checkpoints verify, the counts add up, and a second copy
 * into the same target is refused (exit 11) with nothing written.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliResult, runCli, runOk } from '../helpers/cli.js';
import { databaseEnv, emptyDatabase, hinted } from '../helpers/pg-cli.js';
import { adminQuery, describeWithPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = join('.claude', 'conductor', 'tracks');
/** Files of a tracks root that are derived or this machine's, not a track's: rebuilt by the store that holds it. */
const DERIVED = /^(track-registry(\.[a-z]+)?\.json|track-head\.json|\.gitignore|\.gitattributes|trust\.json|\.lock.*)$/;

/** Every file of every track directory under `root`, path → bytes (base64). */
function trackFilesOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const rel = path.slice(root.length + 1);
    if (!entry.isFile() || (!rel.includes('/') && DERIVED.test(rel))) continue;
    out[rel] = readFileSync(path).toString('base64');
  }
  return out;
}

const count = (files: Record<string, string>, pattern: RegExp): number => Object.keys(files).filter((p) => pattern.test(p)).length;

describeWithPostgres('track db copy: files → database → files, byte for byte (built CLI, real PostgreSQL)', (db) => {
  const t = tempDir('track-pg-copy-');
  const source = join(t.dir, 'source');
  /** A new tracks root (`--to` a folder that does not exist yet). */
  const target = join(t.dir, 'restored');
  let url: string;
  let env: NodeJS.ProcessEnv;
  /** The file store, whatever the environment says about a database. */
  const files = (args: string[], cwd = source): CliResult => runOk(args, { cwd, env: { TRACK_DATABASE_URL: '' } });
  const copy = (from: string, to: string) => runCli(['db', 'copy', '--from', from, '--to', to, '--project', 'moved', '--json'], { cwd: t.dir, env });
  const dbState = async () => ({
    tracks: await adminQuery(db().url, 'SELECT track_id, body FROM track_tracks ORDER BY track_id'),
    commits: await adminQuery(db().url, 'SELECT count(*)::int AS n FROM track_commits'),
    files: await adminQuery(db().url, 'SELECT count(*)::int AS n FROM track_run_files'),
  });
  const ids = { auth: 'track-auth-001', perf: 'track-perf-002', done: 'track-done-003', idea: 'track-idea-004' };

  beforeAll(() => {
    ({ url, env } = databaseEnv(db().url));
    runOk(['db', 'migrate', '--project', 'moved'], { cwd: t.dir, env });
    runOk(['init', '--root', join(source, ROOT)], { cwd: t.dir, env: { TRACK_DATABASE_URL: '' } });
    writeFileSync(join(source, 'design.md'), '# Design\n\nbinary-ish: \u00e9\u00e8 \u2603\n');
    files(['create', '--name', 'Auth', '--goal', 'Add OAuth', '--priority', 'P1']);
    files(['create', '--name', 'Perf', '--goal', 'Faster']);
    files(['create', '--name', 'Done', '--goal', 'Finished']);
    files(['create', '--name', 'Idea', '--goal', 'Later', '--type', 'exploration']);
    // Perf: paused, with a manual checkpoint before its pause's.
    files(['activate', ids.perf]);
    files(['decide', 'Cache pages', '--rationale', 'reads dominate']);
    files(['checkpoint', '--reason', 'before caching']);
    files(['pause', '--reason', 'waiting']);
    // Done: completed.
    files(['activate', ids.done]);
    files(['complete']);
    // Idea: a draft with context of its own.
    files(['learn', 'users want dark mode', '--track-id', ids.idea]);
    // Auth: active, a run with logs, context, an artifact, a checkpoint.
    files(['activate', ids.auth]);
    files(['step', 'add', '--name', 'Build', '--action-type', 'run-command', '--command', 'echo out-line; echo err-line >&2']);
    files(['step', 'add', '--name', 'Review', '--action-type', 'manual']);
    files(['next']);
    files(['decide', 'Use PKCE', '--rationale', 'public client']);
    files(['assume', 'tokens live an hour']);
    files(['artifact', 'add', 'design.md']);
    files(['checkpoint', '--reason', 'all in']);
  });
  afterAll(() => t.cleanup());

  it('copies every track into the database and back into a new root: the same bytes, checkpoints verify, counts reported', () => {
    const original = trackFilesOf(join(source, ROOT));
    const toDb = copy(source, url);
    expect(toDb.code, toDb.stdout + toDb.stderr).toBe(0);
    const counts = {
      tracks: 4,
      active: 1,
      context: count(original, /^[^/]+\/context\//),
      checkpoints: count(original, /^[^/]+\/checkpoints\//),
      objects: count(original, /^[^/]+\/objects\//),
      runs: count(original, /^[^/]+\/workflows\/[^/]+\/run\.json$/),
      run_files: count(original, /^[^/]+\/workflows\/[^/]+\/(?!run\.json$)/),
    };
    expect(counts).toMatchObject({ runs: 1 });
    expect(counts.objects).toBeGreaterThanOrEqual(1);
    expect(counts.checkpoints).toBeGreaterThanOrEqual(4);
    expect(counts.run_files).toBeGreaterThanOrEqual(2);
    const bytes = Object.values(original).reduce((n, b64) => n + Buffer.from(b64, 'base64').length, 0);
    expect(toDb.json).toEqual({ ...counts, bytes, verified: true, from: join(source, ROOT), to: `${url} (project moved)` });

    const back = copy(url, target);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.json).toEqual({ ...counts, bytes, verified: true, from: `${url} (project moved)`, to: target });
    expect(trackFilesOf(target)).toEqual(original);

    const restored = (args: string[]) => runOk([...args, '--root', target, '--json'], { cwd: t.dir, env: { TRACK_DATABASE_URL: '' } }).json;
    for (const id of Object.values(ids)) {
      const verified = restored(['checkpoint', 'verify', '--all', '--track-id', id]);
      expect(verified.ok, id).toBe(true);
    }
    expect(restored(['get-active']).active.track_id).toBe(ids.auth);
    expect(restored(['doctor'])).toMatchObject({ healthy: true });
    expect(
      restored(['list'])
        .tracks.map((x: { track_id: string; status: string }) => [x.track_id, x.status])
        .sort(),
    ).toEqual([
      [ids.auth, 'active'],
      [ids.done, 'completed'],
      [ids.idea, 'draft'],
      [ids.perf, 'paused'],
    ]);
    expect(runOk(['logs', '--track-id', ids.auth, '--root', target], { cwd: t.dir, env: { TRACK_DATABASE_URL: '' } }).stdout).toContain('out-line');
    // The database copy is a store of its own: the same tracks, the same active one.
    const inDb = runOk(['get-active', '--json', '--project', 'moved'], { cwd: t.dir, env }).json;
    expect(inDb.active.track_id).toBe(ids.auth);
  });

  it('a second copy into the same target is refused with exit 11, and nothing is written', async () => {
    const before = await dbState();
    const again = copy(source, url);
    expect(again.code).toBe(11);
    expect(again.json.error).toMatchObject({ code: 'CONFLICT', details: { taken: expect.arrayContaining(Object.values(ids)) } });
    expect(again.json.error.message).toContain('nothing was copied');
    expect(await dbState()).toEqual(before);

    const restoredBefore = trackFilesOf(target);
    const head = readFileSync(join(target, 'track-head.json'), 'utf8');
    const twice = copy(url, target);
    expect(twice.code).toBe(11);
    expect(trackFilesOf(target)).toEqual(restoredBefore);
    expect(readFileSync(join(target, 'track-head.json'), 'utf8')).toBe(head);
  });

  it("into a database without the schema: exit 17, and the hint migrates that database (not the project's); followed, the copy works", async () => {
    const fresh = await emptyDatabase(db().adminUrl, `${db().name}_new`);
    try {
      const to = databaseEnv(fresh.url).url;
      const refused = copy(source, to);
      expect(refused.code).toBe(17);
      const hint: string = refused.json.error.hint;
      expect(hint).toBe(`'track db migrate --database-url ${to} --project moved' brings it up to date (it needs a role allowed to create tables)`);
      expect(hint).not.toContain(env.PGPASSWORD ?? '<none>');
      runOk(hinted(hint), { cwd: t.dir, env });
      const copied = copy(source, to);
      expect(copied.code, copied.stdout).toBe(0);
      expect(copied.json).toMatchObject({ tracks: 4, verified: true });
    } finally {
      await fresh.drop();
    }
  });

  it('a project born on the database keeps the output of the commands this machine ran when copied into files', () => {
    const born = (args: string[]) => runOk([...args, '--project', 'born'], { cwd: t.dir, env });
    born(['db', 'migrate']);
    born(['create', '--name', 'Born', '--goal', 'on the database']);
    born(['activate', 'track-born-001']);
    born(['step', 'add', '--name', 'Say', '--action-type', 'run-command', '--command', 'echo said-on-this-machine; echo warned >&2']);
    expect(born(['next']).stdout).toContain('said-on-this-machine');
    const out = join(t.dir, 'born-files');
    const copied = runCli(['db', 'copy', '--from', url, '--project', 'born', '--to', out, '--json'], { cwd: t.dir, env });
    expect(copied.code, copied.stdout).toBe(0);
    expect(copied.json).toMatchObject({ tracks: 1, runs: 1, run_files: 4 });
    const logs = runOk(['logs', '--track-id', 'track-born-001', '--root', out], { cwd: t.dir, env: { TRACK_DATABASE_URL: '' } }).stdout;
    expect(logs).toContain('said-on-this-machine');
    expect(logs).toContain('warned');
  });
});
