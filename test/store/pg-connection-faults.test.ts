import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { TrackError } from '../../src/core/errors.js';
import { decide, listDecisions } from '../../src/features/notes/notes.js';
import { createTrack } from '../../src/features/tracks/lifecycle.js';
import { showTrack } from '../../src/features/tracks/queries.js';
import type { PgStore } from '../../src/store/postgres/pg-store.js';
import { databaseProblems } from '../helpers/pg-invariants.js';
import { type PgProxy, startPgProxy } from '../helpers/pg-proxy.js';
import { type TestPgProject, testPgProject } from '../helpers/pg-store.js';
import { adminQuery, describeWithPostgres, startOwnPostgres, terminateBackends } from '../helpers/postgres.js';

/** Connection faults met by the database store in this process: each ends in a retry that applies the change once, or a typed error and no change. */
const saved = { ...process.env };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const key of Object.keys(process.env)) if (key.startsWith('TRACK_DB_')) delete process.env[key];
  Object.assign(process.env, saved);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A project (its stores read TRACK_DB_* settings when made), with a track to write to. */
async function projectAt(url: string, settings: Record<string, string> = {}): Promise<TestPgProject> {
  Object.assign(process.env, settings);
  const project = await testPgProject(url, 'track-pg-faults-');
  cleanups.push(project.cleanup);
  await createTrack(project.store(), { name: 'Target', goal: 'written under faults', id: 'target' });
  return project;
}

async function proxied(url: string): Promise<PgProxy> {
  const proxy = await startPgProxy(url);
  cleanups.push(proxy.close);
  return proxy;
}

const decisionsOf = async (store: PgStore): Promise<string[]> => (await listDecisions(store, { track_id: 'target' })).items.map((d) => d.title);

describeWithPostgres('the database store when connections fail', (db) => {
  it('retries a transaction whose connection was terminated between two of its statements, applying it once', async () => {
    const project = await projectAt(db().url);
    const store = project.store();
    let attempts = 0;
    await store.transaction(async (tx) => {
      attempts++;
      const track = await tx.getTrack('target');
      await tx.putTrack({ ...track, description: `${track.description ?? ''}+once` });
      if (attempts === 1) expect(await terminateBackends(db().adminUrl, db().name)).toBeGreaterThan(0);
      await tx.writeContext('target', 'notes.md', `written on attempt ${attempts}`);
    });
    expect(attempts).toBe(2);
    expect((await showTrack(store, { track_id: 'target' })).description).toBe('+once');
    expect(await store.read((r) => r.readContext('target', 'notes.md'))).toBe('written on attempt 2');
    expect(await databaseProblems(db().url, project.target.project)).toEqual([]);
  });

  it('gives up with DATABASE_UNAVAILABLE, having changed nothing, when every attempt loses its connection mid-transaction', async () => {
    const project = await projectAt(db().url);
    const store = project.store();
    const before = await adminQuery(db().url, 'SELECT body FROM track_tracks WHERE project = $1', [project.target.project]);
    const failure = await store
      .transaction(async (tx) => {
        await tx.putTrack({ ...(await tx.getTrack('target')), description: 'half' });
        await terminateBackends(db().adminUrl, db().name);
        await tx.writeContext('target', 'notes.md', 'never');
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TrackError);
    expect((failure as TrackError).code).toBe('DATABASE_UNAVAILABLE');
    expect((failure as TrackError).hint).toBeTruthy();
    expect(await adminQuery(db().url, 'SELECT body FROM track_tracks WHERE project = $1', [project.target.project])).toEqual(before);
    expect(await store.read((r) => r.readContext('target', 'notes.md'))).toBeNull();
  });

  for (const cut of ['after-commit', 'before-commit'] as const) {
    it(`applies an operation exactly once when the connection drops during its COMMIT (${cut === 'after-commit' ? 'the server committed, its answer lost' : 'the server never got it'})`, async () => {
      const proxy = await proxied(db().url);
      const project = await projectAt(proxy.via(db().url));
      const store = project.store();
      proxy.cutCommits(cut);
      await decide(store, { track_id: 'target', title: 'decided once' });
      expect(proxy.cut).toBe(1);
      expect(await decisionsOf(store)).toEqual(['decided once']);
      expect(await databaseProblems(db().url, project.target.project)).toEqual([]);
    });
  }

  it('says the change may have been made when COMMIT lost its connection and the database cannot be asked', async () => {
    const proxy = await proxied(db().url);
    const project = await projectAt(proxy.via(db().url), { TRACK_DB_CONNECT_TIMEOUT_MS: '500' });
    const store = project.store();
    proxy.cutCommits('after-commit', 1, true);
    const failure = await decide(store, { track_id: 'target', title: 'in doubt' }).catch((e: unknown) => e);
    proxy.refuse(false);
    expect(failure).toBeInstanceOf(TrackError);
    expect((failure as TrackError).code).toBe('DATABASE_UNAVAILABLE');
    expect((failure as TrackError).message).toMatch(/while committing.*whether the change was made/);
    expect((failure as TrackError).hint).toMatch(/look .* before doing it again/);
    // It was: retrying blindly would have recorded it twice.
    expect(await decisionsOf(project.store())).toEqual(['in doubt']);
  });

  it('refuses with a typed error naming the pool, without hanging, when every pooled connection stays in use', async () => {
    const project = await projectAt(db().url, { TRACK_DB_POOL_SIZE: '1', TRACK_DB_CONNECT_TIMEOUT_MS: '400' });
    const store = project.store();
    let letGo = (): void => undefined;
    let entered = (): void => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    // A read that holds the pool's one connection until let go.
    const held = store.read(async () => {
      entered();
      await new Promise<void>((resolve) => {
        letGo = resolve;
      });
    });
    await inside;
    const started = Date.now();
    const failure = await store.read((r) => r.head()).catch((e: unknown) => e);
    const waited = Date.now() - started;
    letGo();
    await held;
    expect(failure).toBeInstanceOf(TrackError);
    expect((failure as TrackError).code).toBe('DATABASE_UNAVAILABLE');
    expect((failure as TrackError).message).toMatch(/all 1 of this process's connections .* stayed in use for 400 ms/);
    expect((failure as TrackError).hint).toMatch(/TRACK_DB_POOL_SIZE \(now 1\)/);
    expect(waited).toBeLessThan(3_000);
    // Following the hint: with the connection free (or a larger pool) the same read works.
    expect((await store.read((r) => r.head())).format).toBe('track-head/1');
  });

  it('rides over a server restart while it connects: nothing was sent, so it asks again within the connect timeout', async (ctx) => {
    const server = await startOwnPostgres(ctx);
    const project = await projectAt(server.adminUrl, { TRACK_DB_CONNECT_TIMEOUT_MS: '20000' });
    const store = project.store();
    await server.stop();
    const writing = decide(store, { track_id: 'target', title: 'across a restart' });
    await sleep(300);
    await server.start();
    await writing;
    expect(await decisionsOf(store)).toEqual(['across a restart']);
  });

  it('adds no listener per checkout: a long-lived store warns of no listener leak', async () => {
    const project = await projectAt(db().url, { TRACK_DB_POOL_SIZE: '1' });
    const store = project.store();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let n = 0; n < 15; n++) await store.read((r) => r.head());
      await sleep(50);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
