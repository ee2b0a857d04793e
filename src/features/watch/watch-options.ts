/** How a watch of the store is run and what it tells its caller besides the changes. */

/** `watching`: every change committed from now on is reported. `reconnecting`: the database connection was lost; a catch-up change follows the reconnect. */
export type WatchStatus = { state: 'watching' } | { state: 'reconnecting'; reason: string };

export interface WatchOptions {
  /** Ends the watch: the iteration finishes and its file watcher or database connection is closed. */
  signal?: AbortSignal | undefined;
  /** Told when the watch is ready, and when a database watch loses and regains its connection. */
  onStatus?: ((status: WatchStatus) => void) | undefined;
  /** Database store: how long to keep trying to reconnect before failing with DATABASE_UNAVAILABLE (default 5 minutes). */
  reconnectForMs?: number | undefined;
}
