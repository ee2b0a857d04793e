/**
 * The database's change announcements: one dedicated connection that LISTENs on the channel every
 * commit notifies (pg-tx.ts), keeps only its project's announcements, and when the connection is
 * lost reconnects with backoff until it is back or `reconnectForMs` has passed. It does nothing but
 * LISTEN (its liveness check is LISTEN again), so the server shows it as a `LISTEN` session.
 */
import type { Client } from 'pg';
import { TrackError } from '../../core/errors.js';
import { type ConnectionSettings, databaseError, isConnectionFailure, serverOf } from './connection.js';
import { CHANGES_CHANNEL } from './pg-tx.js';
import type { DatabaseTarget } from './store-config.js';

export type ListenerEvent =
  /** Listening (again): announcements from now on arrive. After a reconnect, those in between were missed. */
  | { kind: 'connected'; reconnected: boolean }
  /** A commit of the project, by its generation. */
  | { kind: 'notice'; generation: number }
  /** The connection was lost; a reconnect follows. */
  | { kind: 'lost'; reason: string };

export interface ListenOptions {
  signal: AbortSignal;
  /** Give up (DATABASE_UNAVAILABLE) when no connection could be had for this long after one was lost. */
  reconnectForMs: number;
  /** How often an idle connection is checked (a connection whose peer vanished without a word sends no error). */
  checkEveryMs?: number;
}

const CHECK_EVERY_MS = 10_000;
const LISTEN_SQL = `LISTEN ${CHANGES_CHANNEL}`;

/** Before the next reconnect attempt: 100 ms, doubling to 5 s, with jitter so that many watchers do not return at once. */
const reconnectDelay = (attempt: number): number => Math.min(5_000, 100 * 2 ** attempt) * (0.75 + Math.random() / 2);

/** The generation of an announcement of `project`, or null (another project's, or not one of ours). */
function generationOf(payload: string | undefined, project: string): number | null {
  try {
    const notice = JSON.parse(payload ?? '') as { project?: unknown; generation?: unknown } | null;
    if (notice?.project !== project || !Number.isSafeInteger(notice.generation)) return null;
    return notice.generation as number;
  } catch {
    return null;
  }
}

interface Listening {
  /** Drops the connection at once (it is lost already). */
  drop(): void;
  /** Closes it politely. */
  end(): Promise<void>;
}

async function listen(target: DatabaseTarget, settings: ConnectionSettings, options: ListenOptions, emit: (event: ListenerEvent) => void): Promise<Listening> {
  const { signal } = options;
  const { Client } = await import('./driver.js');
  const client: Client = new Client({
    connectionString: target.url,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    query_timeout: settings.statementTimeoutMs + settings.connectTimeoutMs,
    application_name: 'track-manager watch',
    keepAlive: true,
  });
  let lost = false;
  let check: NodeJS.Timeout | undefined;
  const drop = (): void => {
    lost = true;
    clearInterval(check);
    client.removeAllListeners('notification');
    client.connection.stream.destroy();
  };
  const lose = (reason: string): void => {
    if (lost) return;
    drop();
    emit({ kind: 'lost', reason });
  };
  // The driver reports a lost connection as 'error' (then 'end'); a query in flight also rejects.
  client.on('error', (error: Error) => lose(error.message.split('\n')[0] ?? 'connection error'));
  client.on('end', () => lose('the server closed the connection'));
  signal.addEventListener('abort', drop, { once: true });
  try {
    await client.connect();
    await client.query(LISTEN_SQL);
  } catch (error) {
    drop();
    throw error;
  } finally {
    signal.removeEventListener('abort', drop);
  }
  client.on('notification', (message) => {
    const generation = message.channel === CHANGES_CHANNEL ? generationOf(message.payload, target.project) : null;
    if (generation !== null) emit({ kind: 'notice', generation });
  });
  check = setInterval(() => {
    client.query(LISTEN_SQL).catch((error: Error) => lose(error.message.split('\n')[0] ?? 'the connection stopped answering'));
  }, options.checkEveryMs ?? CHECK_EVERY_MS);
  check.unref();
  return {
    drop,
    end: async () => {
      if (lost) return;
      lost = true;
      clearInterval(check);
      const ended = client.end().catch(() => undefined);
      const stuck = new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref());
      await Promise.race([ended, stuck]);
      client.connection.stream.destroy();
    },
  };
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The project's announcements as they arrive, until `signal` aborts. Failing to connect at first
 * throws a typed error; a connection lost later is retried (`lost`, then `connected` with
 * `reconnected`), and after `reconnectForMs` without one, DATABASE_UNAVAILABLE is thrown.
 */
export async function* listenForChanges(target: DatabaseTarget, settings: ConnectionSettings, options: ListenOptions): AsyncGenerator<ListenerEvent> {
  const { signal } = options;
  const pending: ListenerEvent[] = [];
  let wake: (() => void) | null = null;
  const emit = (event: ListenerEvent): void => {
    pending.push(event);
    wake?.();
  };
  const onAbort = (): void => wake?.();
  signal.addEventListener('abort', onAbort);
  let connection: Listening | null = null;
  try {
    try {
      connection = await listen(target, settings, options, emit);
    } catch (error) {
      if (signal.aborted) return;
      throw databaseError(error, target.url);
    }
    yield { kind: 'connected', reconnected: false };
    while (!signal.aborted) {
      const event = pending.shift();
      if (!event) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      yield event;
      if (event.kind !== 'lost') continue;
      connection = await reconnect(target, settings, options, emit);
      if (!connection) return;
      yield { kind: 'connected', reconnected: true };
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await connection?.end();
  }
}

async function reconnect(target: DatabaseTarget, settings: ConnectionSettings, options: ListenOptions, emit: (event: ListenerEvent) => void) {
  const { signal } = options;
  const giveUpAt = Date.now() + options.reconnectForMs;
  for (let attempt = 0; ; attempt++) {
    await pause(reconnectDelay(attempt), signal);
    if (signal.aborted) return null;
    try {
      return await listen(target, settings, options, emit);
    } catch (error) {
      if (signal.aborted) return null;
      // A server starting up again refuses with 57P03 or a socket error; anything else (a login refused, the database gone) will not pass by waiting.
      if (!isConnectionFailure(error)) throw databaseError(error, target.url);
      if (Date.now() >= giveUpAt) {
        throw new TrackError(
          'DATABASE_UNAVAILABLE',
          `lost the connection to the database at ${serverOf(target.url)} and could not listen again for ${Math.round(options.reconnectForMs / 1000)} s: ${(error as Error).message.split('\n')[0]}`,
          'check that the server is running, then watch again',
          { server: serverOf(target.url) },
        );
      }
    }
  }
}
