/**
 * A watch of a file store, without its lock: the head's replacement (fs.watch) or a slow poll of
 * its generation says a commit happened; one consistent read then compares every track's summary
 * (open and closed) with the last ones seen. Commits close together may be reported as one change.
 */
import { TrackError } from '../../core/errors.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import type { Registry, TrackSummary } from '../../core/schema.js';
import type { ChangedTrack, StoreChange } from '../../store/changes.js';
import type { FileStore } from '../../store/file/file-store.js';
import { watchHead } from '../../store/file/head-watch.js';
import type { StoreReader } from '../../store/port.js';
import type { WatchOptions } from './watch-options.js';

/** How often the head's generation is read in case fs.watch missed a commit. */
export const POLL_MS = 1_000;

interface Snapshot {
  generation: number;
  at: string;
  lane: string;
  /** Each track's summary as JSON text, by id. */
  summaries: Map<string, string>;
}

/** The lane that committed last: the one whose last activity is the commit's time (the default lane keeps no record). */
function committingLane(registry: Registry): string {
  const lanes = Object.entries(registry.lanes ?? {});
  return lanes.find(([, record]) => record.last_activity === registry.updated_at)?.[0] ?? DEFAULT_LANE;
}

async function snapshotOf(reader: StoreReader): Promise<Snapshot> {
  const open = await reader.openTracks();
  const closed = await reader.closedTracks();
  const summaries = new Map<string, string>();
  for (const summary of [...Object.values(open.tracks), ...Object.values(closed.tracks)]) summaries.set(summary.track_id, JSON.stringify(summary));
  return { generation: (await reader.head()).generation, at: open.updated_at, lane: committingLane(open), summaries };
}

function changeBetween(before: Snapshot, after: Snapshot): StoreChange {
  const ids = new Set([...before.summaries.keys(), ...after.summaries.keys()]);
  const tracks: ChangedTrack[] = [];
  for (const id of [...ids].sort()) {
    const now = after.summaries.get(id);
    if (now === before.summaries.get(id)) continue;
    tracks.push(now === undefined ? { track_id: id } : (JSON.parse(now) as TrackSummary));
  }
  return { generation: after.generation, at: after.at, lane: after.lane, tracks };
}

/** The store as it is now, when its generation is no longer `generation`. */
async function changedSince(store: FileStore, generation: number): Promise<Snapshot | null> {
  try {
    return await store.read(async (reader) => ((await reader.head()).generation === generation ? null : snapshotOf(reader)));
  } catch (error) {
    // Commits so frequent that no read saw the store still: the next poke reads again.
    if (error instanceof TrackError && error.code === 'LOCK_TIMEOUT') return null;
    throw error;
  }
}

export async function* watchFiles(store: FileStore, options: WatchOptions): AsyncGenerator<StoreChange> {
  const signal = options.signal ?? new AbortController().signal;
  let wake: (() => void) | undefined;
  let woken = false;
  const poke = (): void => {
    woken = true;
    wake?.();
  };
  const stopWatching = watchHead(store.root, poke);
  const poll = setInterval(poke, POLL_MS);
  signal.addEventListener('abort', poke);
  try {
    let seen = await store.read(snapshotOf);
    options.onStatus?.({ state: 'watching' });
    while (!signal.aborted) {
      if (!woken) await new Promise<void>((resolve) => (wake = resolve));
      woken = false;
      if (signal.aborted) break;
      const now = await changedSince(store, seen.generation);
      if (!now) continue;
      const change = changeBetween(seen, now);
      seen = now;
      yield change;
    }
  } finally {
    signal.removeEventListener('abort', poke);
    clearInterval(poll);
    stopWatching();
  }
}
