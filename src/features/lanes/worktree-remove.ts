/**
 * `track worktree remove`: pauses what the worktree's lanes hold (with a checkpoint), forgets those
 * lanes, then removes the worktree with git. What git would refuse (uncommitted changes, a lock) is
 * refused before anything is paused.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { TrackError, ValidationError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { DEFAULT_LANE, worktreeLaneId } from '../../core/lanes.js';
import { gitCheckoutOf } from '../../store/git-worktree.js';
import type { LaneState, StorePort } from '../../store/port.js';
import { readGitState } from '../checkpoints/git-state.js';
import { pauseInTx } from '../tracks/lifecycle.js';
import { git, gitFailed, listWorktrees, realOrResolved, worktreeAt } from './git-worktrees.js';

export interface WorktreeRemoveInput {
  path: string;
  /** Remove it even with uncommitted changes (they are lost; the checkpoint lists them). */
  force?: boolean | undefined;
}

export interface WorktreeRemoveResult {
  worktree: string;
  branch: string | null;
  /** The tracks paused, each with its lane and checkpoint. */
  paused: Array<{ track_id: string; lane: string; checkpoint_id: string | null }>;
  /** The lanes forgotten with the worktree. */
  lanes: string[];
}

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir + sep);

/** The lanes that act in the worktree: its own, and any named lane last seen there. */
function lanesIn(lanes: readonly LaneState[], real: string): LaneState[] {
  const own = worktreeLaneId(real);
  return lanes.filter((l) => l.lane !== DEFAULT_LANE && (l.lane === own || (l.worktree !== null && realOrResolved(l.worktree) === real)));
}

/** The refusal for a path that names no worktree: a gone one is doctor's, anything else is a typo. */
async function notAWorktree(store: StorePort, path: string): Promise<TrackError> {
  const gone = lanesIn(await store.read((r) => r.lanes()), resolve(path)).find((l) => l.active_track_id);
  if (!existsSync(path) && gone) {
    return new TrackError(
      'NOT_FOUND',
      `the worktree ${path} is already gone`,
      hint`${cmd('doctor', { fix: true })} releases its track, and 'git worktree prune' forgets it`,
      {
        path,
        lane: gone.lane,
      },
    );
  }
  return new TrackError(
    'NOT_FOUND',
    `no worktree of this repository at ${path}`,
    hint`${cmd('lanes')} (or 'git worktree list') shows the worktrees and their paths`,
    { path },
  );
}

export async function removeWorktree(store: StorePort, input: WorktreeRemoveInput): Promise<WorktreeRemoveResult> {
  const path = resolve(input.path);
  const checkout = gitCheckoutOf(store.projectDir);
  if (!checkout) throw new ValidationError(`${store.projectDir} is not in a git repository`, 'run it in the repository the worktree belongs to');
  const entry = worktreeAt(listWorktrees(checkout.top), path);
  if (!entry || !existsSync(path)) throw await notAWorktree(store, path);
  const real = realOrResolved(path);
  if (entry.main) throw new ValidationError(`${path} is the main checkout, not a linked worktree`, hint`${cmd('lanes')} shows the worktrees`);
  if (inside(realOrResolved(store.projectDir), real)) {
    throw new ValidationError(
      `this command runs inside the worktree it would remove`,
      `run it from another checkout: cd ${checkout.mainTop ?? dirname(path)} first`,
    );
  }
  if (entry.locked)
    throw new TrackError('INVALID_STATE', `the worktree ${path} is locked`, `unlock it with 'git worktree unlock ${path}', then run this again`, { path });
  const status = git(path, ['status', '--porcelain']);
  if (!status.ok) throw gitFailed('status', status, 'nothing was paused');
  const changed = status.stdout.split('\n').filter(Boolean).length;
  if (changed > 0 && !input.force) {
    throw new TrackError(
      'INVALID_STATE',
      `the worktree ${path} has ${changed} uncommitted change(s); removing it would lose them`,
      hint`commit or stash them there, or discard them with ${cmd('worktree_remove', { path: input.path, force: true })}`,
      { path, changed },
    );
  }
  const gitState = readGitState(path); // before the lock
  const removed = await store.transaction(async (tx) => {
    const lanes = lanesIn(await tx.lanes(), real);
    if (lanes.some((l) => l.lane === tx.lane.id)) {
      throw new ValidationError(`this command acts in lane ${tx.lane.id}, which lives in the worktree it would remove`, 'run it without --lane and TRACK_LANE');
    }
    const paused: WorktreeRemoveResult['paused'] = [];
    for (const lane of lanes) {
      const track = lane.active_track_id ? await tx.findTrack(lane.active_track_id) : null;
      if (track?.status !== 'active') continue;
      const result = await pauseInTx(tx, track, `worktree ${path} removed`, 'pause', gitState);
      paused.push({ track_id: track.track_id, lane: lane.lane, checkpoint_id: result.checkpoint?.checkpoint_id ?? null });
    }
    for (const lane of lanes) await tx.forgetLane(lane.lane);
    return { paused, lanes: lanes.map((l) => l.lane) };
  });
  const result = git(checkout.top, ['worktree', 'remove', ...(input.force ? ['--force'] : []), path]);
  if (!result.ok) {
    const ids = removed.paused.map((p) => p.track_id);
    throw gitFailed('worktree remove', result, ids.length ? `${ids.join(', ')} was paused (track resume ${ids[0]} takes it up again)` : 'nothing was paused');
  }
  return { worktree: path, branch: entry.branch, ...removed };
}
