import { ConflictError, ValidationError } from '../../core/errors.js';
import { findCycle } from '../../core/graph.js';
import { cmd, hint } from '../../core/hint.js';
import type { Track, TrackSummary } from '../../core/schema.js';
import type { StoreReader } from '../../store/port.js';
import { openTracks } from './conflicts.js';

/** A track counts as done for its dependants once it completed (also after being archived). */
export const trackIsDone = (track: Track): boolean =>
  track.status === 'completed' || (track.status === 'archived' && track.status_history.some((h) => h.to === 'completed'));

/** The open tracks that list each track in their `blocks`, by the id of the track they block. */
export function blockersByTrack(open: Record<string, TrackSummary>): Map<string, TrackSummary[]> {
  const blockers = new Map<string, TrackSummary[]>();
  for (const other of Object.values(open)) {
    for (const blocked of other.blocks ?? []) blockers.set(blocked, [...(blockers.get(blocked) ?? []), other]);
  }
  return blockers;
}

/**
 * Every track that must be done before `track` may start: its own `prerequisites`, plus every
 * open track that lists it in `blocks` (a closed blocker that did not complete no longer blocks).
 * `blockers`: `blockersByTrack` of the open tracks, when the caller asks for many tracks (a board).
 */
export async function unmetPrerequisites(
  reader: StoreReader,
  track: Track,
  blockers?: ReadonlyMap<string, TrackSummary[]>,
): Promise<Array<{ track_id: string; status: string }>> {
  const unmet = new Map<string, string>();
  for (const id of track.context.prerequisites) {
    const prerequisite = await reader.findTrack(id);
    if (!prerequisite) unmet.set(id, 'missing');
    else if (!trackIsDone(prerequisite)) unmet.set(id, prerequisite.status);
  }
  const index = blockers ?? blockersByTrack((await reader.openTracks()).tracks);
  for (const other of index.get(track.track_id) ?? []) {
    if (other.track_id !== track.track_id) unmet.set(other.track_id, other.status);
  }
  return [...unmet].map(([track_id, status]) => ({ track_id, status }));
}

/**
 * Refuses to start a track whose prerequisites are not done. With `force` it lets the start
 * happen and returns the override note to record in the status history. `via`: the command
 * starting it, which the hint repeats with `--force` (`switch` when another track is active).
 */
export async function assertPrerequisitesMet(
  reader: StoreReader,
  track: Track,
  force: boolean,
  via: 'activate' | 'switch' = 'activate',
): Promise<string | undefined> {
  const unmet = await unmetPrerequisites(reader, track);
  if (!unmet.length) return undefined;
  const listed = unmet.map((u) => `${u.track_id} (${u.status})`).join(', ');
  if (force) return `prerequisites overridden with --force: ${listed}`;
  throw new ConflictError(
    `track '${track.track_id}' has unfinished prerequisites: ${listed}`,
    hint`complete them first, or ${via === 'switch' ? cmd('switch', { to: track.track_id, force: true }) : cmd('activate', { track_id: track.track_id, force: true })}`,
    {
      track_id: track.track_id,
      prerequisites: unmet,
    },
  );
}

/** Edges "must finish before": prerequisite → dependant, blocker → blocked. */
function dependencyEdges(tracks: Iterable<Track>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    const set = edges.get(from) ?? new Set<string>();
    set.add(to);
    edges.set(from, set);
  };
  for (const t of tracks) {
    for (const p of t.context.prerequisites) add(p, t.track_id);
    for (const b of t.context.blocks) add(t.track_id, b);
  }
  return edges;
}

/** Refuses dependencies of `track` (as it is about to be saved) that form a cycle with the open tracks. */
export async function assertNoDependencyCycle(reader: StoreReader, track: Track): Promise<void> {
  const { prerequisites, blocks } = track.context;
  if (prerequisites.includes(track.track_id) || blocks.includes(track.track_id)) {
    throw new ValidationError(`track '${track.track_id}' cannot depend on itself`, 'remove its own id from context.prerequisites / context.blocks');
  }
  const tracks = new Map((await openTracks(reader)).map((t) => [t.track_id, t]));
  tracks.set(track.track_id, track);
  const cycle = findCycle(dependencyEdges(tracks.values()), [track.track_id]);
  if (cycle) {
    throw new ValidationError(
      `dependency cycle: ${cycle.join(' → ')}`,
      hint`remove one of these prerequisites/blocks with ${cmd('update', { track_id: '<id>', field: 'context.prerequisites', value: '<ids>' })}`,
      { cycle },
    );
  }
}
