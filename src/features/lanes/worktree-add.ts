/**
 * `track worktree add`: a git worktree on its own branch, with the track active in its lane. Every
 * refusal comes before git runs (the activation is rehearsed first), and a worktree whose track
 * could not be activated after all is removed again: nothing is left half-made.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ActiveInOtherLaneError, ConflictError, TrackError, ValidationError } from '../../core/errors.js';
import type { Args } from '../../core/face-commands.js';
import { cmd, hint } from '../../core/hint.js';
import { validateTrackId } from '../../core/ids.js';
import { worktreeLaneId } from '../../core/lanes.js';
import { gitCheckoutOf } from '../../store/git-worktree.js';
import type { StorePort } from '../../store/port.js';
import { type ActivationResult, activateTrack } from '../tracks/lifecycle.js';
import { git, gitFailed, listWorktrees, realOrResolved, worktreeAt } from './git-worktrees.js';

export interface WorktreeAddInput {
  track_id: string;
  /** Default: beside the main checkout, `<main-folder>-<track id without 'track-'>`. */
  path?: string | undefined;
  /** Default: `track/<track-id>`; an existing branch is checked out, else it is created from HEAD. */
  branch?: string | undefined;
  /** Move the track here when another lane holds it (recorded with both lanes). */
  take_over?: boolean | undefined;
}

export interface WorktreeAddResult {
  worktree: string;
  branch: string;
  /** False when the branch existed and was checked out. */
  new_branch: boolean;
  lane: string;
  track_id: string;
  activation: ActivationResult;
}

/** Opens the store acting in lane `laneId` from the directory `cwd`. */
export type LaneOpener = (cwd: string, laneId: string) => StorePort;

/** The default place of a track's worktree: a sibling of the main checkout. */
export const defaultWorktreePath = (mainTop: string, trackId: string): string =>
  join(dirname(mainTop), `${basename(mainTop)}-${trackId.replace(/^track-/, '')}`);

class Rehearsed extends Error {}

/** The store, but every transaction is rolled back once its work is done: to prove it would succeed. */
function rehearsing(store: StorePort): StorePort {
  return {
    projectDir: store.projectDir,
    workflowsDir: store.workflowsDir,
    templatesDir: store.templatesDir,
    lane: store.lane,
    contains: (path) => store.contains(path),
    read: (fn) => store.read(fn),
    transaction: (fn, options) =>
      store.transaction(async (tx) => {
        await fn(tx);
        throw new Rehearsed();
      }, options),
    openRunOutput: (trackId, runId) => store.openRunOutput(trackId, runId),
  };
}

interface Plan {
  top: string;
  path: string;
  branch: string;
  lane: string;
}

const retry = (input: WorktreeAddInput, args: Args) =>
  cmd('worktree_add', { track_id: input.track_id, path: input.path, branch: input.branch, take_over: input.take_over, ...args });

/** Where the worktree goes, on which branch, in which lane; a path already taken is refused. */
function planWorktree(store: StorePort, input: WorktreeAddInput): Plan {
  const checkout = gitCheckoutOf(store.projectDir);
  if (!checkout) {
    throw new ValidationError(
      `${store.projectDir} is not in a git repository; a worktree needs one`,
      'run it inside a git repository (git init, then commit once)',
    );
  }
  const path = resolve(input.path ?? defaultWorktreePath(checkout.mainTop ?? checkout.top, input.track_id));
  if (existsSync(path)) throw new ConflictError(`${path} already exists`, hint`choose another place with ${retry(input, { path: `${path}-2` })}`, { path });
  const lane = worktreeLaneId(join(realOrResolved(dirname(path)), basename(path)));
  return { top: checkout.top, path, branch: input.branch ?? `track/${input.track_id}`, lane };
}

/** Whatever git would refuse, refused first with a hint that works; true when the branch exists already. */
function assertGitWould(plan: Plan, input: WorktreeAddInput): boolean {
  const { top, path, branch } = plan;
  if (!git(top, ['check-ref-format', '--branch', branch]).ok) {
    throw new ValidationError(`'${branch}' is not a valid branch name`, hint`name another with ${retry(input, { branch: `track/${input.track_id}` })}`);
  }
  const worktrees = listWorktrees(top);
  if (worktreeAt(worktrees, path)) {
    throw new ConflictError(`git still registers a worktree at ${path}, which is gone`, `forget it with 'git worktree prune', then run this again`, { path });
  }
  const holder = worktrees.find((w) => w.branch === branch);
  if (holder) {
    throw new ConflictError(`branch '${branch}' is checked out in ${holder.path}`, hint`use another branch: ${retry(input, { branch: `${branch}-2` })}`, {
      branch,
    });
  }
  const exists = git(top, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).ok;
  if (!exists && !git(top, ['rev-parse', '--verify', '--quiet', 'HEAD']).ok) {
    throw new ValidationError(
      'the repository has no commit yet; a new branch starts from one',
      `commit once (git commit --allow-empty -m start), then run this again`,
    );
  }
  return exists;
}

/** The activation in the new lane, rehearsed: refusals name this command, not `activate`. */
async function rehearse(store: StorePort, plan: Plan, input: WorktreeAddInput): Promise<void> {
  const held = (await store.read((r) => r.lanes())).find((l) => l.lane === plan.lane && l.active_track_id);
  if (held) {
    throw new ConflictError(
      `lane ${plan.lane} of an earlier worktree at ${plan.path} still holds track '${held.active_track_id}'`,
      hint`release it with ${cmd('doctor', { fix: true })}, then run this again`,
      { lane: plan.lane, track_id: held.active_track_id },
    );
  }
  try {
    await activateTrack(rehearsing(store), { track_id: input.track_id, take_over: input.take_over });
  } catch (error) {
    if (error instanceof Rehearsed) return;
    if (error instanceof ActiveInOtherLaneError) {
      const lane = String(error.details?.lane);
      throw new TrackError(
        'ACTIVE_IN_OTHER_LANE',
        error.message,
        hint`pause it there with ${cmd('pause', { lane })}, or move it into the new worktree with ${retry(input, { take_over: true })}`,
        error.details,
      );
    }
    throw error;
  }
}

export async function addWorktree(store: StorePort, openLane: LaneOpener, input: WorktreeAddInput): Promise<WorktreeAddResult> {
  validateTrackId(input.track_id);
  const plan = planWorktree(store, input);
  await rehearse(openLane(store.projectDir, plan.lane), plan, input);
  const exists = assertGitWould(plan, input);
  const args = exists ? ['worktree', 'add', plan.path, plan.branch] : ['worktree', 'add', '-b', plan.branch, plan.path];
  const added = git(plan.top, args);
  if (!added.ok) throw gitFailed('worktree add', added, 'nothing was activated');
  try {
    const lane = openLane(plan.path, plan.lane);
    const activation = await activateTrack(lane, {
      track_id: input.track_id,
      take_over: input.take_over,
      reason: `for worktree ${plan.path} (branch ${plan.branch})`,
    });
    return { worktree: plan.path, branch: plan.branch, new_branch: !exists, lane: plan.lane, track_id: input.track_id, activation };
  } catch (error) {
    // Refused after all (another lane took the track meanwhile): take the new worktree away again.
    git(plan.top, ['worktree', 'remove', '--force', plan.path]);
    if (!exists) git(plan.top, ['branch', '-D', plan.branch]);
    throw error;
  }
}
