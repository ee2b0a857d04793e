/** The lane a command acts in: a name given, else the linked worktree it runs in, else the default lane. */
import { realpathSync } from 'node:fs';
import { DEFAULT_LANE, LANE_ENV, type Lane, validateLaneName, worktreeLaneId } from '../core/lanes.js';
import type { GitCheckout } from './git-worktree.js';

export function laneFor(named: string | undefined, checkout: GitCheckout | null, projectDir: string): Lane {
  const name = named ?? (process.env[LANE_ENV] || undefined);
  const worktree = checkout?.top ?? projectDir;
  if (name !== undefined) return { id: validateLaneName(name), worktree };
  if (checkout?.linked) return { id: worktreeLaneId(realOrAsIs(checkout.top)), worktree: checkout.top };
  return { id: DEFAULT_LANE, worktree };
}

/** True when the lane is the worktree's own (its id derives from that worktree's path), not a name given to it. */
export const isWorktreesOwnLane = (laneId: string, worktree: string | null): boolean => worktree !== null && worktreeLaneId(realOrAsIs(worktree)) === laneId;

function realOrAsIs(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
