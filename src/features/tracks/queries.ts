import { compareCodePoints } from '../../core/compare.js';
import { isClosed } from '../../core/lifecycle.js';
import type { HistoryEntry, RegistrySegment, Track, TrackSummary } from '../../core/schema.js';
import { OPEN_STATUSES, PRIORITIES, type Priority, STATUSES, type TrackStatus, type TrackType } from '../../core/vocab.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { resolveTrack } from './bound-track.js';
import type { TrackTarget } from './track-inputs.js';

export interface ListFilter {
  status?: TrackStatus[] | undefined;
  type?: TrackType[] | undefined;
  priority?: Priority[] | undefined;
}

const STATUS_ORDER: Record<TrackStatus, number> = {
  active: 0,
  paused: 1,
  ready: 2,
  draft: 3,
  completed: 4,
  failed: 5,
  cancelled: 6,
  archived: 7,
};

/** Active first, then paused, ready, draft, then closed ones; within a status by priority, newest first. */
export function compareSummaries(a: TrackSummary, b: TrackSummary): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
    compareCodePoints(b.updated_at, a.updated_at) ||
    compareCodePoints(a.track_id, b.track_id)
  );
}

/** Uses the secondary indexes: each filter is a lookup, intersected; closed tracks are read only when asked for. */
function selectFrom(segment: RegistrySegment, filter: ListFilter): TrackSummary[] {
  let ids: Set<string> | null = null;
  const narrow = (index: Record<string, string[]>, keys: readonly string[] | undefined) => {
    if (!keys?.length) return;
    const found = new Set(keys.flatMap((k) => index[k] ?? []));
    ids = ids ? new Set([...ids].filter((id) => found.has(id))) : found;
  };
  narrow(segment.indexes.by_status, filter.status);
  narrow(segment.indexes.by_type, filter.type);
  narrow(segment.indexes.by_priority, filter.priority);
  const chosen: Iterable<string> = ids ?? Object.keys(segment.tracks);
  const out: TrackSummary[] = [];
  for (const id of chosen) {
    const summary = segment.tracks[id];
    if (summary) out.push(summary);
  }
  return out;
}

export async function listFromReader(reader: StoreReader, filter: ListFilter = {}): Promise<TrackSummary[]> {
  const statuses = filter.status?.length ? filter.status : STATUSES;
  const wantsOpen = statuses.some((s) => OPEN_STATUSES.includes(s));
  const wantsClosed = statuses.some((s) => isClosed(s));
  const out = [...(wantsOpen ? selectFrom(await reader.openTracks(), filter) : []), ...(wantsClosed ? selectFrom(await reader.closedTracks(), filter) : [])];
  return out.sort(compareSummaries);
}

export const listTracks = (store: StorePort, filter: ListFilter = {}): Promise<TrackSummary[]> => store.read((reader) => listFromReader(reader, filter));

export const showTrack = (store: StorePort, { track_id }: TrackTarget = {}): Promise<Track> => store.read((reader) => resolveTrack(reader, track_id));

/** The active track, or null. Reads the tiny head file and one track document, nothing more. */
export const getActiveTrack = (store: StorePort): Promise<Track | null> =>
  store.read(async (reader) => {
    const id = (await reader.head()).active_track_id;
    return id ? reader.getTrack(id) : null;
  });

export const trackHistory = (store: StorePort, { track_id }: TrackTarget = {}): Promise<{ track_id: string; history: HistoryEntry[] }> =>
  store.read(async (reader) => {
    const track = await resolveTrack(reader, track_id);
    return { track_id: track.track_id, history: track.status_history };
  });
