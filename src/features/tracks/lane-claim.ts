/** Taking a track that another lane holds: refused, taken over on request, or released when that lane is provably gone. */
import { existsSync } from 'node:fs';
import { ActiveInOtherLaneError, type LaneHolder } from '../../core/errors.js';
import { laneOfTrack } from '../../core/lane-pointers.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import type { Track } from '../../core/schema.js';
import { isWorktreesOwnLane } from '../../store/lane-of.js';
import type { StoreReader } from '../../store/port.js';

/** The track as held by `laneId` (the default lane is not written down). */
export function inLane(track: Track, laneId: string): Track {
  const { lane: _previous, ...rest } = track;
  return laneId === DEFAULT_LANE ? rest : { ...rest, lane: laneId };
}

/** Where the active track is held, for a refusal that names it. */
export async function holderOf(reader: StoreReader, track: Track): Promise<LaneHolder & { gone: boolean }> {
  const lane = laneOfTrack(track);
  const state = (await reader.lanes()).find((l) => l.lane === lane);
  const since = [...track.status_history].reverse().find((h) => h.to === 'active')?.at ?? null;
  const worktree = state?.worktree ?? null;
  // Provably gone: a lane other than the default one whose checkout no longer exists.
  const gone = lane !== DEFAULT_LANE && worktree !== null && !existsSync(worktree);
  const worktreeLane = lane === DEFAULT_LANE ? worktree !== null : isWorktreesOwnLane(lane, worktree);
  return { lane, worktree, since, gone, worktreeLane };
}

/** The refusal for a track another lane holds (when it is not gone and no take-over was asked). */
export const heldElsewhere = (track: Track, holder: LaneHolder, via: 'activate' | 'switch') => new ActiveInOtherLaneError(track.track_id, holder, via);

/** The track moved into `laneId` while staying active, the move recorded with both lanes. */
export function takenOver(track: Track, holder: LaneHolder, laneId: string, worktree: string | null, at: string, reason?: string): Track {
  const note = `taken over by lane ${laneId}${worktree ? ` (${worktree})` : ''} from lane ${holder.lane}${holder.worktree ? ` (${holder.worktree})` : ''}`;
  const entry = { from: 'active' as const, to: 'active' as const, at, reason: reason ? `${note}: ${reason}` : note };
  return { ...inLane(track, laneId), updated_at: at, status_history: [...track.status_history, entry] };
}
