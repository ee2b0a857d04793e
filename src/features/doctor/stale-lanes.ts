/**
 * Lanes that hold a track longer than they must: one whose worktree is gone (deleted or pruned), or
 * a named lane (--lane, TRACK_LANE) that has not acted for the stale time. `doctor` reports them;
 * `doctor --fix` pauses their track with a checkpoint and releases it.
 */
import { existsSync } from 'node:fs';
import { formatDuration, parseDuration } from '../../core/duration.js';
import { laneOfTrack } from '../../core/lane-pointers.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import { isWorktreesOwnLane } from '../../store/lane-of.js';
import type { StorePort } from '../../store/port.js';
import { readGitState } from '../checkpoints/git-state.js';
import { pauseInTx } from '../tracks/lifecycle.js';
import type { Check, DoctorSettings, Problem } from './problem.js';

export const STALE_AFTER_ENV = 'TRACK_STALE_AFTER';
export const DEFAULT_STALE_AFTER_MS = 24 * 3_600_000;

/** `--stale-after` if given, else TRACK_STALE_AFTER, else 24 h. */
export function staleAfterFrom(option: string | undefined): number {
  if (option !== undefined) return parseDuration(option, '--stale-after');
  const env = process.env[STALE_AFTER_ENV];
  return env ? parseDuration(env, STALE_AFTER_ENV) : DEFAULT_STALE_AFTER_MS;
}

interface LaneFacts {
  active_track_id: string | null;
  worktree: string | null;
  last_activity: string | null;
}

export type Staleness = { kind: 'gone'; worktree: string } | { kind: 'idle' };

/** A worktree's own lane (its id comes from its path), not a name given with --lane or TRACK_LANE. */
/** Why the lane should hold its track no longer; null when it may. */
export function stalenessOf(laneId: string, lane: LaneFacts, settings: DoctorSettings, now = Date.now()): Staleness | null {
  if (laneId === DEFAULT_LANE) return null;
  if (lane.worktree !== null && !existsSync(lane.worktree)) return { kind: 'gone', worktree: lane.worktree };
  if (!lane.active_track_id || isWorktreesOwnLane(laneId, lane.worktree)) return null;
  const last = Date.parse(lane.last_activity ?? '');
  return Number.isNaN(last) || now - last > settings.staleAfterMs ? { kind: 'idle' } : null;
}

const release = (lane: string): Problem['repair'] => ({ kind: 'release-lane', lane });

export const staleLanes: Check = {
  name: 'stale-lanes',
  run(ins, settings = { staleAfterMs: DEFAULT_STALE_AFTER_MS }) {
    if (!ins.registry.ok) return [];
    const problems: Problem[] = [];
    for (const [lane, record] of Object.entries(ins.registry.value.lanes ?? {})) {
      const stale = stalenessOf(lane, record, settings);
      const track = record.active_track_id;
      const since = record.last_activity ?? 'never';
      if (stale?.kind === 'gone' && track) {
        problems.push({
          check: 'stale-lanes',
          path: '',
          problem: `lane ${lane} holds track ${track}, but its worktree ${stale.worktree} is gone (last activity ${since})`,
          fix: `pause ${track} with a checkpoint, release it and forget the lane`,
          repair: release(lane),
        });
      } else if (stale?.kind === 'gone') {
        problems.push({
          check: 'stale-lanes',
          path: '',
          problem: `lane ${lane}'s worktree ${stale.worktree} is gone; the lane holds no track (last activity ${since}); harmless`,
          fix: 'forget the lane',
          repair: release(lane),
          harmless: true,
        });
      } else if (stale && track) {
        problems.push({
          check: 'stale-lanes',
          path: '',
          problem: `lane ${lane} (worktree ${record.worktree ?? 'unknown'}) holds track ${track} but has not acted for over ${formatDuration(settings.staleAfterMs)} (last activity ${since})`,
          fix: `pause ${track} with a checkpoint and release it (--stale-after or ${STALE_AFTER_ENV} sets how long a named lane may be idle)`,
          repair: release(lane),
        });
      }
    }
    return problems;
  },
};

/**
 * Releases the lanes named, each judged stale again under the lock (one may have acted since):
 * its track paused with a checkpoint (kind 'pause', the reason naming the lane), its pointer
 * cleared, and a gone worktree's lane forgotten. The lane doctor itself acts in is left alone.
 */
export async function releaseStaleLanes(store: Pick<StorePort, 'read' | 'transaction'>, lanes: ReadonlySet<string>, settings: DoctorSettings): Promise<void> {
  if (lanes.size === 0) return;
  // The git state of the checkouts that still exist, read before the lock.
  const seen = await store.read((r) => r.lanes());
  const gitOf = new Map(seen.filter((l) => lanes.has(l.lane) && l.worktree && existsSync(l.worktree)).map((l) => [l.lane, readGitState(l.worktree as string)]));
  await store.transaction(async (tx) => {
    for (const state of await tx.lanes()) {
      if (!lanes.has(state.lane) || state.lane === tx.lane.id) continue;
      const stale = stalenessOf(state.lane, state, settings);
      if (!stale) continue;
      const track = state.active_track_id ? await tx.findTrack(state.active_track_id) : null;
      const why = stale.kind === 'gone' ? `its worktree ${stale.worktree} is gone` : `it has not acted since ${state.last_activity ?? 'ever'}`;
      if (track?.status === 'active' && laneOfTrack(track) === state.lane) {
        await pauseInTx(tx, track, `released by doctor from lane ${state.lane}: ${why}`, 'pause', gitOf.get(state.lane) ?? null);
      } else if (track) continue; // a pointer the registry check reports
      if (stale.kind === 'gone') await tx.forgetLane(state.lane);
    }
  });
}
