/**
 * Live changes of a store, as a stream: each committed change, as it happens, with the changed
 * tracks' summaries; the same shape from a file store and from a database store.
 */
import type { StoreChange } from '../../store/changes.js';
import type { FileStore } from '../../store/file/file-store.js';
import { PgStore } from '../../store/postgres/pg-store.js';
import { watchDatabase } from './database-watch.js';
import { watchFiles } from './file-watch.js';
import type { WatchOptions } from './watch-options.js';

/**
 * The store's changes from now on, until `options.signal` aborts (or the caller stops iterating).
 * A file store is watched without its lock (a change shows within about a tenth of a second, or at the 1 s poll);
 * a database store through LISTEN/NOTIFY on a connection of its own, reconnecting when it is lost.
 */
export function watchChanges(store: FileStore | PgStore, options: WatchOptions = {}): AsyncIterable<StoreChange> {
  return store instanceof PgStore ? watchDatabase(store, options) : watchFiles(store, options);
}
