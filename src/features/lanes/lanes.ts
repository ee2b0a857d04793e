/** `track lanes`: every lane of the store, what it holds and whether its checkout still exists. */
import { existsSync } from 'node:fs';
import { TrackError } from '../../core/errors.js';
import { heldByOtherClone, laneOfTrack } from '../../core/lane-pointers.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import type { Track } from '../../core/schema.js';
import { branchOf, gitCheckoutOf } from '../../store/git-worktree.js';
import type { LaneState, StorePort, StoreReader } from '../../store/port.js';

export interface LaneView {
  lane: string;
  /** Another clone's id when its lane holds a track merged in through git (that lane is listed here only by its track). */
  clone: string | null;
  /** The lane this command runs in. */
  current: boolean;
  worktree: string | null;
  /** The branch checked out there (`detached at …` when none); null outside git or when gone. */
  branch: string | null;
  /** False when the worktree no longer exists: the lane is stale (`track doctor --fix` releases its track). */
  worktree_exists: boolean;
  active_track_id: string | null;
  track_name: string | null;
  current_step_id: string | null;
  progress: { completed_steps: number; total_steps: number } | null;
  /** When the lane last changed the store (for the default lane: its active track's last change). */
  last_activity: string | null;
}

function branchAt(worktree: string | null): string | null {
  if (!worktree) return null;
  const checkout = gitCheckoutOf(worktree);
  return checkout ? branchOf(checkout.gitDir) : null;
}

/** `local`: the worktree is a path on this machine (else, on a shared database, it may be another machine's: never called gone). */
function viewOf(state: LaneState, track: Track | null, current: boolean, local: boolean): LaneView {
  const exists = state.worktree === null || !local || existsSync(state.worktree);
  return {
    lane: state.lane,
    clone: null,
    current,
    worktree: state.worktree,
    branch: exists ? branchAt(state.worktree) : null,
    worktree_exists: exists,
    active_track_id: state.active_track_id,
    track_name: track?.name ?? null,
    current_step_id: track?.progress.current_step_id ?? null,
    progress: track ? { completed_steps: track.progress.completed_steps, total_steps: track.progress.total_steps } : null,
    last_activity: state.last_activity ?? (state.lane === DEFAULT_LANE ? (track?.updated_at ?? null) : null),
  };
}

/** The track, or null when its document cannot be read now (left in conflict by a merge): an overview still shows every lane. */
async function readableTrack(reader: StoreReader, trackId: string): Promise<Track | null> {
  try {
    return await reader.findTrack(trackId);
  } catch (error) {
    if (error instanceof TrackError) return null;
    throw error;
  }
}

export async function listLanes(store: StorePort): Promise<LaneView[]> {
  return store.read(async (reader) => {
    const views: LaneView[] = [];
    for (const state of await reader.lanes()) {
      const track = state.active_track_id ? await readableTrack(reader, state.active_track_id) : null;
      views.push(viewOf(state, track, state.lane === reader.lane.id, reader.lanesOnThisMachine));
    }
    // The caller's own lane is listed even before it has acted.
    if (!views.some((v) => v.current)) {
      const { id, worktree } = reader.lane;
      views.push(viewOf({ lane: id, active_track_id: null, worktree, last_activity: null }, null, true, true));
    }
    for (const summary of Object.values((await reader.openTracks()).tracks)) {
      if (summary.status !== 'active' || !heldByOtherClone(summary, reader.lane.clone)) continue;
      const track = await readableTrack(reader, summary.track_id);
      const state = { lane: laneOfTrack(summary), active_track_id: summary.track_id, worktree: null, last_activity: summary.updated_at };
      views.push({ ...viewOf(state, track, false, reader.lanesOnThisMachine), clone: summary.clone ?? null });
    }
    return views;
  });
}
