import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { TrackError } from '../../src/core/errors.js';
import { activateTrack, createTrack } from '../../src/features/tracks/lifecycle.js';
import { watchChanges } from '../../src/features/watch/watch-changes.js';
import type { WatchStatus } from '../../src/features/watch/watch-options.js';
import type { ChangedTrack, StoreChange } from '../../src/store/changes.js';
import { PgStore } from '../../src/store/postgres/pg-store.js';
import { runCliAsync, runOk } from '../helpers/cli.js';
import { type TestPgProject, testPgProject } from '../helpers/pg-store.js';
import { adminQuery, describeWithPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';
import { median, type RunningWatch, startWatch } from '../helpers/watch.js';

const WATCHING = 'track watch: watching';

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);

const statusOf = (tracks: ChangedTrack[], id: string): string | undefined => {
  const found = tracks.find((t) => t.track_id === id);
  return found && 'status' in found ? found.status : undefined;
};

/**
 * A TCP relay to the database server that the test can cut (every connection dropped, new ones
 * refused) or freeze (nothing passes any more and no connection ends: a network gone silent), and
 * restore (new connections pass again).
 */
async function outageRelay(url: string) {
  const server = new URL(url);
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let mode: 'up' | 'cut' | 'frozen' = 'up';
  const relay: Server = createServer((client) => {
    sockets.add(client);
    if (mode === 'cut') client.destroy();
    if (mode !== 'up') return;
    const upstream = tcpConnect(Number(server.port || 5432), server.hostname);
    sockets.add(upstream);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.add([client, upstream]);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayed = new URL(url);
  relayed.hostname = '127.0.0.1';
  relayed.port = String((relay.address() as { port: number }).port);
  return {
    url: relayed.toString(),
    cut(): void {
      mode = 'cut';
      for (const socket of sockets) socket.destroy();
    },
    freeze(): void {
      mode = 'frozen';
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    restore(): void {
      mode = 'up';
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

/** The watch's events as they come: changes, and the statuses it reports. */
function watching(store: PgStore, signal: AbortSignal, reconnectForMs?: number) {
  const statuses: WatchStatus[] = [];
  const changes = watchChanges(store, { signal, reconnectForMs, onStatus: (s) => statuses.push(s) })[Symbol.asyncIterator]();
  const said = async (state: WatchStatus['state'], times = 1): Promise<void> => {
    const end = Date.now() + 15_000;
    while (statuses.filter((s) => s.state === state).length < times) {
      if (Date.now() > end) throw new Error(`the watch did not report '${state}' ×${times} (got ${JSON.stringify(statuses)})`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { changes, said, statuses };
}

describeWithPostgres('watching a database store', (db) => {
  let t: { dir: string; cleanup(): void } | undefined;
  let watch: RunningWatch | undefined;
  let project: TestPgProject | undefined;
  let stop: AbortController | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    stop?.abort();
    if (watch && watch.child.exitCode === null) await watch.stop('SIGKILL');
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await project?.cleanup();
    t?.cleanup();
    watch = undefined;
    project = undefined;
    t = undefined;
  });

  /** A project watched through a relay the test can cut or freeze, once the watch says it is watching; `first` is its first change. */
  const watchThroughRelay = async (prefix: string) => {
    project = await testPgProject(db().url, prefix);
    const relay = await outageRelay(db().url);
    cleanups.push(relay.close);
    const watched = new PgStore({ ...project.target, url: relay.url }, { id: 'default', worktree: project.dir });
    cleanups.push(() => watched.close());
    const writer = project.store();
    const controller = new AbortController();
    stop = controller;
    const w = watching(watched, controller.signal);
    const first = w.changes.next();
    await w.said('watching');
    return { relay, writer, w, first, stop: controller };
  };

  const listeners = async (): Promise<number> =>
    Number(
      (
        await adminQuery<{ n: string }>(
          db().url,
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'track-manager watch'",
        )
      )[0]?.n,
    );

  it('track watch prints what other processes commit within a second, keeps working after the server kills its connection, exits 0 on SIGTERM', async () => {
    t = tempDir('track-watch-pg-');
    const env = { TRACK_DATABASE_URL: db().url };
    runOk(['init', '--store', 'postgres', '--project', 'watch-e2e'], { cwd: t.dir, env });
    const dir = t.dir;
    watch = startWatch(['--json'], { cwd: dir, env });
    await watch.said(WATCHING);
    const running = watch;

    /** Creates a track and starts it from other processes; the latency of the line naming it active. */
    const startTrack = async (name: string, first: boolean): Promise<{ id: string; latency: number }> => {
      const created = await runCliAsync(['create', '--name', name, '--goal', 'g', '--json'], { cwd: dir, env });
      expect(created.code, created.stderr).toBe(0);
      const id = created.json.track_id as string;
      const started = await runCliAsync(first ? ['activate', id] : ['switch', '--to', id], { cwd: dir, env });
      expect(started.code, started.stderr).toBe(0);
      const line = await running.line((l) => statusOf((JSON.parse(l.text) as StoreChange).tracks, id) === 'active');
      return { id, latency: line.receivedAt - Date.parse((JSON.parse(line.text) as StoreChange).at) };
    };

    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) latencies.push((await startTrack(`Watched ${i}`, i === 1)).latency);
    // From the commit (the change's `at`, taken when the writer's transaction began: an upper bound) to the line here.
    expect(median(latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(1_000);
    expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(5_000);

    const killed = await adminQuery<{ killed: boolean }>(
      db().url,
      "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
    );
    expect(killed).toEqual([{ killed: true }]);
    await watch.said('reconnecting');
    await watch.said(WATCHING, 2);
    const after = await startTrack('After the kill', false);
    expect(after.latency).toBeLessThan(5_000);

    const changes = watch.lines.map((l) => JSON.parse(l.text) as StoreChange);
    const generations = changes.map((c) => c.generation);
    expect(generations).toEqual([...new Set(generations)].sort((a, b) => a - b));
    expect(changes.every((c) => c.lane === 'default')).toBe(true);

    expect(await watch.stop('SIGTERM')).toBe(0);
    expect(watch.stderr()).not.toMatch(/error/i);
    // Its connection is closed, not left to time out.
    const end = Date.now() + 5_000;
    while ((await listeners()) > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await listeners()).toBe(0);
  });

  it('after a network outage, one catch-up change reports what was committed meanwhile', async () => {
    const { relay, writer, w, first, stop: ending } = await watchThroughRelay('track-watch-outage-');

    const a = (await createTrack(writer, { name: 'Before', goal: 'g' })).track;
    expect(((await within(first, 10_000, 'change')).value as StoreChange).tracks).toEqual([expect.objectContaining({ track_id: a.track_id, status: 'draft' })]);

    const next = w.changes.next();
    relay.cut();
    await w.said('reconnecting');
    const b = (await createTrack(writer, { name: 'During', goal: 'g' })).track;
    await activateTrack(writer, { track_id: b.track_id });
    relay.restore();

    const caughtUp = (await within(next, 15_000, 'catch-up change')).value as StoreChange;
    expect(caughtUp).toMatchObject({ generation: 3, catch_up: true });
    expect(caughtUp.tracks).toHaveLength(1);
    expect(statusOf(caughtUp.tracks, b.track_id)).toBe('active');
    await w.said('watching', 2);

    const c = (await createTrack(writer, { name: 'After', goal: 'g' })).track;
    let later = (await within(w.changes.next(), 10_000, 'change')).value as StoreChange;
    while (!later.tracks.some((x) => x.track_id === c.track_id)) later = (await within(w.changes.next(), 10_000, 'change')).value as StoreChange;
    expect(later.catch_up).toBeUndefined();

    const pending = w.changes.next();
    ending.abort();
    expect(await within(pending, 5_000, 'end')).toEqual({ done: true, value: undefined });
  });

  it('notices a connection that went silent (no error, no end) and catches up once the network is back', async () => {
    // Short timeouts, so the check of the listening connection (every two connect timeouts) fails fast.
    const saved = { connect: process.env.TRACK_DB_CONNECT_TIMEOUT_MS, statement: process.env.TRACK_DB_STATEMENT_TIMEOUT_MS };
    process.env.TRACK_DB_CONNECT_TIMEOUT_MS = '300';
    process.env.TRACK_DB_STATEMENT_TIMEOUT_MS = '300';
    cleanups.push(async () => {
      for (const [name, value] of [
        ['TRACK_DB_CONNECT_TIMEOUT_MS', saved.connect],
        ['TRACK_DB_STATEMENT_TIMEOUT_MS', saved.statement],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    const { relay, writer, w, first } = await watchThroughRelay('track-watch-silent-');

    relay.freeze();
    await w.said('reconnecting');
    const a = (await createTrack(writer, { name: 'Unheard', goal: 'g' })).track;
    relay.restore();
    const caughtUp = (await within(first, 15_000, 'catch-up change')).value as StoreChange;
    expect(caughtUp).toMatchObject({ generation: 1, catch_up: true, tracks: [{ track_id: a.track_id, status: 'draft' }] });
  });

  it('gives up with DATABASE_UNAVAILABLE when it cannot listen again in time', async () => {
    project = await testPgProject(db().url, 'track-watch-gone-');
    const relay = await outageRelay(db().url);
    cleanups.push(relay.close);
    const watched = new PgStore({ ...project.target, url: relay.url }, { id: 'default', worktree: project.dir });
    cleanups.push(() => watched.close());
    stop = new AbortController();
    const w = watching(watched, stop.signal, 1_000);
    const first = w.changes.next();
    await w.said('watching');
    const startedAt = Date.now();
    relay.cut();
    const error = await within(first, 15_000, 'failure').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackError);
    expect((error as TrackError).code).toBe('DATABASE_UNAVAILABLE');
    expect((error as TrackError).message).toMatch(/could not listen again for 1 s at 127.0.0.1:/);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });
});
