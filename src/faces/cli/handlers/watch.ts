import { watchChanges } from '../../../features/watch/watch-changes.js';
import type { WatchStatus } from '../../../features/watch/watch-options.js';
import type { StoreChange } from '../../../store/changes.js';
import { PgStore } from '../../../store/postgres/pg-store.js';
import type { Invocation } from '../command.js';
import { dim, type Output } from '../output.js';
import { statusText } from '../render.js';
import { stopOnSignals } from '../stop-signals.js';
import { storeWhere } from '../store-where.js';
import { outputClosed, writeFd } from '../terminal.js';
import { openStore } from './open-store.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The commit's time of day, in local time. */
function clock(at: string): string {
  const t = new Date(at);
  return Number.isNaN(t.getTime()) ? at : `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
}

/** `14:03:05  #42  lane default  track-auth-001 active, track-perf-002 paused` */
export function changeLine(change: StoreChange): string {
  const tracks = change.tracks.map((t) => `${t.track_id} ${'status' in t ? statusText(t.status) : dim('gone')}`).join(', ');
  const what = tracks || dim('no track changed');
  return `${dim(clock(change.at))}  #${change.generation}  lane ${change.lane}  ${what}${change.catch_up ? dim('  (caught up after a reconnect)') : ''}`;
}

/** Prints each change of the store as it happens until a stop signal (exit 0) or the reader of the output goes. */
export async function watch(inv: Invocation): Promise<Output> {
  const store = openStore(inv.global);
  const where = storeWhere(store);
  const stop = stopOnSignals();
  const onStatus = (status: WatchStatus): void => {
    const said = status.state === 'watching' ? `watching ${where} for changes (Ctrl-C stops)` : `lost the database connection (${status.reason}); reconnecting`;
    writeFd(2, `track watch: ${said}\n`);
  };
  try {
    for await (const change of watchChanges(store, { signal: stop.signal, onStatus })) {
      writeFd(1, `${inv.global.json ? JSON.stringify(change) : changeLine(change)}\n`);
      if (outputClosed(1)) break;
    }
  } finally {
    stop.release();
    if (store instanceof PgStore) await store.close();
  }
  return { json: null, human: [], streamed: true };
}
