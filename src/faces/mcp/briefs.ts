/**
 * What the lifecycle and checkpoint tools return: the track and checkpoint as an agent acts on
 * them (ids, status, progress, checksum) and what to do next, never the documents themselves. A
 * checkpoint holds the whole track and every run's record, so returning it would grow every
 * `pause` and `switch` with the track's history; `show` is the tool that returns a track in full.
 */

import type { Face } from '../../core/face-commands.js';
import type { Checkpoint, Track } from '../../core/schema.js';
import type { RestoreResult } from '../../features/checkpoints/checkpoints.js';
import { trackNext } from '../../features/plan/step-report.js';
import type { TrackConflict } from '../../features/tracks/conflicts.js';
import type { TransitionResult } from '../../features/tracks/lifecycle.js';

export interface TrackBrief {
  track_id: string;
  name: string;
  status: Track['status'];
  priority: Track['priority'];
  progress: { completed_steps: number; total_steps: number; percentage: number; current_step_id: string | null };
}

export interface CheckpointBrief {
  checkpoint_id: string;
  kind: Checkpoint['kind'];
  created_at: string;
  checksum: string;
  reason?: string | undefined;
}

export interface TrackReport {
  track: TrackBrief;
  /** The checkpoint written (pause, switch, checkpoint) or resumed from (resume, activate of a paused track). */
  checkpoint?: CheckpointBrief | undefined;
  /** The track a switch paused. */
  paused?: TrackBrief | undefined;
  /** Open tracks whose target paths overlap this one (only when there are any). */
  conflicts?: TrackConflict[] | undefined;
  /** The next thing to do, as a tool call. */
  next: string;
}

export function trackBrief(track: Track): TrackBrief {
  const p = track.progress;
  return {
    track_id: track.track_id,
    name: track.name,
    status: track.status,
    priority: track.priority,
    progress: { completed_steps: p.completed_steps, total_steps: p.total_steps, percentage: p.percentage, current_step_id: p.current_step_id },
  };
}

export function checkpointBrief(c: Checkpoint): CheckpointBrief {
  return { checkpoint_id: c.checkpoint_id, kind: c.kind, created_at: c.created_at, checksum: c.checksum, ...(c.reason ? { reason: c.reason } : {}) };
}

/** The report of a lifecycle move (create, activate, pause, resume, switch, complete, …). */
export function trackReport(
  face: Face,
  track: Track,
  extra: { checkpoint?: Checkpoint | undefined; paused?: Track | undefined; conflicts?: TrackConflict[] } = {},
): TrackReport {
  return {
    track: trackBrief(track),
    ...(extra.checkpoint ? { checkpoint: checkpointBrief(extra.checkpoint) } : {}),
    ...(extra.paused ? { paused: trackBrief(extra.paused) } : {}),
    ...(extra.conflicts?.length ? { conflicts: extra.conflicts } : {}),
    next: trackNext(face, track),
  };
}

export const moveReport = (face: Face, r: TransitionResult, conflicts: TrackConflict[] = []): TrackReport =>
  trackReport(face, r.track, { checkpoint: r.checkpoint, paused: r.paused, conflicts });

/** A checkpoint holds the track as it stood: the report is that track's brief and the checkpoint's. */
export const checkpointReport = (face: Face, c: Checkpoint): TrackReport => trackReport(face, c.track, { checkpoint: c });

export function restoreReport(face: Face, r: RestoreResult): TrackReport & { restored_from: string; safety_checkpoint: CheckpointBrief } {
  return { ...trackReport(face, r.track), restored_from: r.restored_from, safety_checkpoint: checkpointBrief(r.safety_checkpoint) };
}
