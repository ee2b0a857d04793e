/**
 * A watch of a database store: each announced commit is read back (its tracks' summaries as they
 * are now); after a lost connection, one catch-up change stands for every commit made meanwhile.
 */
import { TrackError } from '../../core/errors.js';
import type { StoreChange } from '../../store/changes.js';
import { listenForChanges } from '../../store/postgres/change-listener.js';
import { connectionSettings } from '../../store/postgres/connection.js';
import type { PgStore } from '../../store/postgres/pg-store.js';
import type { WatchOptions } from './watch-options.js';

export const RECONNECT_FOR_MS = 5 * 60_000;

/** The change, null when there is none (or the watch ended), 'unread' when the database cannot be read for now (the store retried already). */
async function readChange(read: () => Promise<StoreChange | null>, signal: AbortSignal): Promise<StoreChange | null | 'unread'> {
  try {
    return await read();
  } catch (error) {
    if (signal.aborted) return null;
    if (error instanceof TrackError && error.code === 'DATABASE_UNAVAILABLE') return 'unread';
    throw error;
  }
}

export async function* watchDatabase(store: PgStore, options: WatchOptions): AsyncGenerator<StoreChange> {
  const signal = options.signal ?? new AbortController().signal;
  const events = listenForChanges(store.target, connectionSettings(), { signal, reconnectForMs: options.reconnectForMs ?? RECONNECT_FOR_MS });
  /** The generation reported last: later commits are the ones to report. */
  let reported = 0;
  /** A commit went unread (the connection was lost): the next change reported stands for it too. */
  let missed = false;
  for await (const event of events) {
    if (event.kind === 'lost') {
      missed = true;
      options.onStatus?.({ state: 'reconnecting', reason: event.reason });
      continue;
    }
    if (event.kind === 'connected' && !event.reconnected) {
      reported = (await store.read((reader) => reader.head())).generation;
      options.onStatus?.({ state: 'watching' });
      continue;
    }
    if (event.kind === 'notice' && event.generation <= reported) continue;
    const upTo = event.kind === 'notice' ? event.generation : undefined;
    const change = await readChange(() => store.changesAfter(reported, upTo), signal);
    if (event.kind === 'connected') options.onStatus?.({ state: 'watching' });
    if (change === 'unread') {
      missed = true;
      continue;
    }
    const caughtUp = missed;
    // Back after a reconnect with nothing committed meanwhile, or about to report: nothing is missed any more.
    if (change || event.kind === 'connected') missed = false;
    if (!change) continue;
    reported = change.generation;
    yield caughtUp ? { ...change, catch_up: true } : change;
  }
}
