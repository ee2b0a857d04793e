/** Taking a track that another lane holds: refused, taken over on request, or released when that lane is provably gone. */
import { existsSync } from 'node:fs';
import { ActiveInOtherLaneError, type LaneHolder } from '../../core/errors.js';
import { heldByOtherClone, laneOfTrack } from '../../core/lane-pointers.js';
import { DEFAULT_LANE, type Lane } from '../../core/lanes.js';
import type { Track } from '../../core/schema.js';
import { isWorktreesOwnLane } from '../../store/lane-of.js';
import type { StoreReader } from '../../store/port.js';

/** The track as held by `lane` (the default lane is not written down; the clone only in a store inside a git checkout). */
export function inLane(track: Track, lane: Lane): Track {
  const { lane: _previous, clone: _clone, ...rest } = track;
  return { ...rest, ...(lane.id === DEFAULT_LANE ? {} : { lane: lane.id }), ...(lane.clone ? { clone: lane.clone } : {}) };
}

/** True when the track is active and held by a lane other than `lane` (in this clone or another). */
export const activeElsewhere = (track: Track, lane: Lane): boolean =>
  track.status === 'active' && (laneOfTrack(track) !== lane.id || heldByOtherClone(track, lane.clone));

/** Where the active track is held, for a refusal that names it. */
export async function holderOf(reader: StoreReader, track: Track): Promise<LaneHolder & { gone: boolean }> {
  const lane = laneOfTrack(track);
  const since = [...track.status_history].reverse().find((h) => h.to === 'active')?.at ?? null;
  // Another clone's lane (merged in through git): never provably gone from here, reached only there.
  if (heldByOtherClone(track, reader.lane.clone)) return { lane, worktree: null, since, gone: false, worktreeLane: false, clone: track.clone };
  const state = (await reader.lanes()).find((l) => l.lane === lane);
  const worktree = state?.worktree ?? null;
  // Provably gone: a lane other than the default one whose checkout no longer exists (on this machine, where every lane is).
  const gone = reader.lanesOnThisMachine && lane !== DEFAULT_LANE && worktree !== null && !existsSync(worktree);
  const worktreeLane = lane === DEFAULT_LANE ? worktree !== null : isWorktreesOwnLane(lane, worktree);
  return { lane, worktree, since, gone, worktreeLane };
}

/** The refusal for a track another lane holds (when it is not gone and no take-over was asked). */
export const heldElsewhere = (track: Track, holder: LaneHolder, via: 'activate' | 'switch') => new ActiveInOtherLaneError(track.track_id, holder, via);

/** The track moved into `laneId` while staying active, the move recorded with both lanes. */
export function takenOver(track: Track, holder: LaneHolder, lane: Lane, at: string, reason?: string): Track {
  // Inside a git checkout the history is committed: it names clones, never a path of this machine.
  const where = (worktree: string | null): string => (worktree && !lane.clone ? ` (${worktree})` : '');
  const from = `lane ${holder.lane}${holder.clone ? ` of clone ${holder.clone}` : ''}${where(holder.worktree)}`;
  const note = `taken over by lane ${lane.id}${lane.clone ? ` of clone ${lane.clone}` : ''}${where(lane.worktree)} from ${from}`;
  const entry = { from: 'active' as const, to: 'active' as const, at, reason: reason ? `${note}: ${reason}` : note };
  return { ...inLane(track, lane), updated_at: at, status_history: [...track.status_history, entry] };
}
