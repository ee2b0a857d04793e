import { expectedPointers } from './lane-pointers.js';
import { DEFAULT_LANE } from './lanes.js';
import { isClosed } from './lifecycle.js';
import { emptyRegistry, emptySegment, segmentPut, summarize } from './registry-index.js';
import type { LaneRecord, Registry, RegistrySegment, Track } from './schema.js';
import { nextSequenceNumber } from './sequence-names.js';

/** What survives of the old registry files, when they could be read. */
export interface PreviousRegistry {
  generation: number;
  nextSequence: number;
  activeTrackId: string | null;
  /** The other lanes' records: their worktrees and last activity survive the rebuild. */
  lanes?: Registry['lanes'];
}

/** The number of a generated track id (`track-x-004`, `track-x-004-k3x9p`) is group 1. */
const SEQUENCE_SUFFIX = /-(\d{3,})(?:-[2-9a-hjkmnp-z]{5})?$/;

/** The lowest `next_sequence` that cannot reissue the number of an existing `…-NNN` id. */
export function minimumNextSequence(trackIds: Iterable<string>): number {
  return nextSequenceNumber(trackIds, SEQUENCE_SUFFIX);
}

/**
 * Both registry segments rebuilt from the track documents alone: summaries, indexes, every lane's
 * active pointer, and a `next_sequence` past every existing id. The generation is carried over; the
 * committing transaction bumps it.
 */
export function rebuildRegistry(tracks: readonly Track[], previous: PreviousRegistry, at: string): { open: Registry; closed: RegistrySegment } {
  const open = emptyRegistry(at);
  const closed = emptySegment('closed', at);
  const sorted = [...tracks].sort((a, b) => (a.track_id < b.track_id ? -1 : a.track_id > b.track_id ? 1 : 0));
  for (const track of sorted) segmentPut(isClosed(track.status) ? closed : open, summarize(track));
  open.generation = previous.generation;
  closed.generation = previous.generation;
  const pointers = expectedPointers(tracks, { active_track_id: previous.activeTrackId, lanes: previous.lanes });
  open.active_track_id = pointers.get(DEFAULT_LANE) ?? null;
  const lanes: Record<string, LaneRecord> = {};
  for (const [id, record] of Object.entries(previous.lanes ?? {})) lanes[id] = { ...record, active_track_id: pointers.get(id) ?? null };
  for (const [id, trackId] of pointers) if (id !== DEFAULT_LANE && !lanes[id]) lanes[id] = { active_track_id: trackId, worktree: null, last_activity: at };
  if (Object.keys(lanes).length) open.lanes = lanes;
  open.next_sequence = Math.max(previous.nextSequence, minimumNextSequence(tracks.map((t) => t.track_id)));
  open.closed_segment = { file: 'track-registry.closed.json', count: Object.keys(closed.tracks).length };
  return { open, closed };
}
