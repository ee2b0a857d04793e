/**
 * A watch of a database store: each announced commit is read back (its tracks' summaries as they
 * are now); after a lost connection, one catch-up change stands for every commit made meanwhile.
 */
import { TrackError } from '../../core/errors.js';
import type { StoreChange } from '../../store/changes.js';
import { listenForChanges } from '../../store/postgres/change-listener.js';
import { commitsAfter } from '../../store/postgres/change-reads.js';
import type { PgStore } from '../../store/postgres/pg-store.js';
import { pause, type WatchOptions } from './watch-options.js';

export const RECONNECT_FOR_MS = 5 * 60_000;
const READ_ATTEMPTS = 3;

/** The change, null when there is none (or the watch ended), 'unread' when the database could not be read for now. */
async function readChange(read: () => Promise<StoreChange | null>, signal: AbortSignal): Promise<StoreChange | null | 'unread'> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (signal.aborted) return null;
      if (!(error instanceof TrackError && error.code === 'DATABASE_UNAVAILABLE')) throw error;
      if (attempt === READ_ATTEMPTS) return 'unread';
      await pause(250 * attempt, signal);
    }
  }
}

export async function* watchDatabase(store: PgStore, options: WatchOptions): AsyncGenerator<StoreChange> {
  const signal = options.signal ?? new AbortController().signal;
  const events = listenForChanges(store.target, store.settings, { signal, reconnectForMs: options.reconnectForMs ?? RECONNECT_FOR_MS });
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
    const change = await readChange(() => commitsAfter(store, reported, upTo), signal);
    if (change === 'unread') missed = true;
    else {
      if (change) {
        reported = change.generation;
        yield missed ? { ...change, catch_up: true } : change;
      }
      // Reported, or back after a reconnect with nothing committed meanwhile: nothing is missed any more.
      if (change || event.kind === 'connected') missed = false;
    }
    if (event.kind === 'connected') options.onStatus?.({ state: 'watching' });
  }
}
