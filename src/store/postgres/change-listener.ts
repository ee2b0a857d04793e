/**
 * The database's change announcements: one dedicated connection that LISTENs on the channel every
 * commit notifies (pg-tx.ts), keeps only its project's announcements, and when the connection is
 * lost reconnects with backoff until it is back or `reconnectForMs` has passed. It does nothing but
 * LISTEN (its liveness check is LISTEN again), so the server shows it as a `LISTEN` session.
 */
import type { Client } from 'pg';
import { TrackError } from '../../core/errors.js';
import { CONNECT_TIMEOUT_ENV, type ConnectionSettings, databaseError, isConnectionFailure, serverOf } from './connection.js';
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
}
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
  /** Closes the connection politely (at once when it does not answer). */
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
  /** Set once it listens: a failure before that is the connect's (it rejects), not a lost connection. */
  let listening = false;
  let lost = false;
  let check: NodeJS.Timeout | undefined;
  const drop = (): void => {
    lost = true;
    clearInterval(check);
    client.removeAllListeners('notification');
    client.connection.stream.destroy();
  };
  const lose = (reason: string): void => {
    if (!listening || lost) return;
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
  listening = true;
  client.on('notification', (message) => {
    const generation = message.channel === CHANGES_CHANNEL ? generationOf(message.payload, target.project) : null;
    if (generation !== null) emit({ kind: 'notice', generation });
  });
  // A connection whose peer vanished without a word (a network gone silent) raises no error: it is
  // asked again every two connect timeouts, and lost when the answer takes longer than a query may.
  check = setInterval(() => {
    client.query(LISTEN_SQL).catch((error: Error) => lose(error.message.split('\n')[0] ?? 'the connection stopped answering'));
  }, 2 * settings.connectTimeoutMs);
  check.unref();
  return {
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

/** The server refused (a login, a missing database or privilege): waiting will not help. A socket error, a timeout or a server starting up may pass. */
function refusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !isConnectionFailure(error);
}

/** A refusal as the store types it; anything else as the server out of reach. */
function cannotListen(error: unknown, url: string, what: string): TrackError {
  if (refusal(error)) return databaseError(error, url);
  const server = serverOf(url);
  return new TrackError(
    'DATABASE_UNAVAILABLE',
    `${what} at ${server}: ${(error as Error).message.split('\n')[0]}`,
    `check that the server is running and the URL is right, then watch again (connect timeout: ${CONNECT_TIMEOUT_ENV})`,
    { server },
  );
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
      throw cannotListen(error, target.url, 'cannot listen on the database');
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
      if (refusal(error) || Date.now() >= giveUpAt) {
        const seconds = Math.round(options.reconnectForMs / 1000);
        throw cannotListen(error, target.url, `lost the connection to the database and could not listen again for ${seconds} s`);
      }
    }
  }
}
