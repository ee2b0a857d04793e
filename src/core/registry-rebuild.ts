import { isClosed } from './lifecycle.js';
import { emptyRegistry, emptySegment, segmentPut, summarize } from './registry-index.js';
import type { Registry, RegistrySegment, Track } from './schema.js';

/** What survives of the old registry files, when they could be read. */
export interface PreviousRegistry {
  generation: number;
  nextSequence: number;
  activeTrackId: string | null;
}

const SEQUENCE_SUFFIX = /-(\d{3,})$/;

/** The lowest `next_sequence` that cannot reissue the number of an existing `…-NNN` id. */
export function minimumNextSequence(trackIds: Iterable<string>): number {
  let highest = 0;
  for (const id of trackIds) {
    const match = SEQUENCE_SUFFIX.exec(id);
    if (match?.[1]) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

/** The one track the active pointer must name: the only active track, or (when several are) the previous pointer if it is one of them. */
export function expectedActive(tracks: readonly Track[], previous: string | null): string | null {
  const active = tracks.filter((t) => t.status === 'active').map((t) => t.track_id);
  if (active.length <= 1) return active[0] ?? null;
  return previous && active.includes(previous) ? previous : ([...active].sort()[0] ?? null);
}

/**
 * Both registry segments rebuilt from the track documents alone: summaries, indexes, active
 * pointer, and a `next_sequence` past every existing id. The generation is carried over; the
 * committing transaction bumps it.
 */
export function rebuildRegistry(tracks: readonly Track[], previous: PreviousRegistry, at: string): { open: Registry; closed: RegistrySegment } {
  const open = emptyRegistry(at);
  const closed = emptySegment('closed', at);
  const sorted = [...tracks].sort((a, b) => (a.track_id < b.track_id ? -1 : a.track_id > b.track_id ? 1 : 0));
  for (const track of sorted) segmentPut(isClosed(track.status) ? closed : open, summarize(track));
  open.generation = previous.generation;
  closed.generation = previous.generation;
  open.active_track_id = expectedActive(tracks, previous.activeTrackId);
  open.next_sequence = Math.max(previous.nextSequence, minimumNextSequence(tracks.map((t) => t.track_id)));
  open.closed_segment = { file: 'track-registry.closed.json', count: Object.keys(closed.tracks).length };
  return { open, closed };
}
