import { setExpectedPointers } from './lane-pointers.js';
import { isClosed } from './lifecycle.js';
import { emptyRegistry, emptySegment, segmentDelete, segmentPut, summarize } from './registry-index.js';
import type { Registry, RegistrySegment, Track } from './schema.js';
import { nextSequenceNumber } from './sequence-names.js';

/** What survives of the old registry files, when they could be read. */
export interface PreviousRegistry {
  generation: number;
  nextSequence: number;
  activeTrackId: string | null;
  /** The other lanes' records: their worktrees and last activity survive the rebuild. */
  lanes?: Registry['lanes'];
  /** This clone's id (a store in a git checkout): tracks other clones hold get no pointer here. */
  clone?: string | undefined;
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
  if (previous.clone) open.clone = previous.clone;
  setExpectedPointers(open, tracks, { active_track_id: previous.activeTrackId, lanes: previous.lanes }, at, previous.clone);
  open.next_sequence = Math.max(previous.nextSequence, minimumNextSequence(tracks.map((t) => t.track_id)));
  open.closed_segment = { file: 'track-registry.closed.json', count: Object.keys(closed.tracks).length };
  return { open, closed };
}

/**
 * Brings both segments in line with track documents that changed or vanished behind the store's
 * back (a git checkout, pull or merge): their summaries replaced or dropped, then every lane's
 * pointer recomputed from the summaries (a pointer to a track no longer active here is cleared).
 */
export function refreshRegistry(open: Registry, closed: RegistrySegment, changed: readonly Track[], gone: readonly string[], at: string): void {
  for (const id of [...gone, ...changed.map((t) => t.track_id)]) {
    segmentDelete(open, id);
    segmentDelete(closed, id);
  }
  for (const track of changed) segmentPut(isClosed(track.status) ? closed : open, summarize(track));
  open.closed_segment = { file: 'track-registry.closed.json', count: Object.keys(closed.tracks).length };
  open.next_sequence = Math.max(open.next_sequence, minimumNextSequence([...Object.keys(open.tracks), ...Object.keys(closed.tracks)]));
  setExpectedPointers(open, Object.values(open.tracks), open, at, open.clone);
}
