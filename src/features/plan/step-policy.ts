/** What a step's outcome does to its track: failure fails (or pauses) it, the last step completes it (or reports it ready). */
import { TrackError } from '../../core/errors.js';
import { commandLine } from '../../core/face-commands.js';
import { cmd, type Hint, type HintAction, hint, joinHints } from '../../core/hint.js';
import { transition } from '../../core/lifecycle.js';
import { isDone } from '../../core/plan.js';
import type { Step, Track } from '../../core/schema.js';
import type { StoreTx } from '../../store/port.js';
import { pauseInTx } from '../tracks/lifecycle.js';

export interface TrackOutcome {
  track: Track;
  ready_to_complete: boolean;
  checkpoint_id?: string | undefined;
  /** The failure paused the track (`execution.pause_on_failure`). */
  paused_on_failure?: boolean | undefined;
}

export const replaceStep = (track: Track, step: Step): Track => ({ ...track, steps: track.steps.map((s) => (s.step_id === step.step_id ? step : s)) });

export function withoutClaim(step: Step): Step {
  const copy = { ...step };
  delete copy.claim;
  return copy;
}

/** A closed track (completed, failed, cancelled, archived) never runs again; its plan can go on in a draft copy. */
export function closedTrackHint(track: Track): Hint {
  const file = `${track.track_id}.bundle.json`;
  const copy = hint`a ${track.status} track is closed for good; to carry its plan on, copy it as a new draft: ${cmd('export', { track_id: track.track_id, out: file })} then ${cmd('import', { file, rename: true })}`;
  // The copy keeps the setting, so its first red step would fail it too: the import names the command that turns it off.
  return track.execution.fail_track_on_failure
    ? joinHints([copy, ', then run the command the import prints to turn execution.fail_track_on_failure off on the copy'], '')
    : copy;
}

/** The command that makes a paused track active again: `switch --to` when another track is active meanwhile (resume would be refused). */
/** The command that makes a paused track active again: `switch --to` while another track is active. */
export const goOn = (trackId: string, activeId: string | null | undefined): HintAction =>
  activeId && activeId !== trackId ? cmd('switch', { to: trackId }) : cmd('resume', { track_id: trackId });

export function goOnCommand(trackId: string, activeId: string | null | undefined): string {
  const { action, args } = goOn(trackId, activeId);
  return commandLine(action, args);
}

/** `activeId`: the active track, so that the hint for a paused track is the command that works. */
export function requireActive(track: Track, activeId?: string | null): void {
  if (track.status !== 'active') {
    const id = track.track_id;
    const fix =
      track.status === 'paused'
        ? hint`${goOn(id, activeId)}`
        : track.status === 'draft' || track.status === 'ready'
          ? hint`${cmd('activate', { track_id: id })}`
          : closedTrackHint(track);
    throw new TrackError('INVALID_STATE', `track '${id}' is ${track.status}; steps run only on the active track`, fix, { track_id: id, status: track.status });
  }
}

/**
 * Saves the track after a step failed. By default the track stays active with the step failed
 * (reset the step to retry it); `pause_on_failure` pauses it with a checkpoint instead, and only
 * `fail_track_on_failure` fails the track (pause wins when both are set).
 */
export async function afterFailure(tx: StoreTx, track: Track, step: Step, why: string): Promise<TrackOutcome> {
  const reason = `step ${step.step_id} failed: ${why}`.slice(0, 2_000);
  if (track.status !== 'active') return { track: await tx.putTrack(track), ready_to_complete: false };
  if (track.execution.pause_on_failure) {
    const paused = await pauseInTx(tx, track, reason, 'pause');
    return { track: paused.track, ready_to_complete: false, checkpoint_id: paused.checkpoint?.checkpoint_id, paused_on_failure: true };
  }
  if (track.execution.fail_track_on_failure) return { track: await tx.putTrack(transition(track, 'failed', tx.at, reason)), ready_to_complete: false };
  return { track: await tx.putTrack(track), ready_to_complete: false };
}

/** Saves the track after a step completed or was skipped; with `auto_advance` the last one completes the track. */
export async function afterSuccess(tx: StoreTx, track: Track): Promise<TrackOutcome> {
  const allDone = track.steps.length > 0 && track.steps.every(isDone);
  if (allDone && track.execution.auto_advance && track.status === 'active') {
    return { track: await tx.putTrack(transition(track, 'completed', tx.at, 'all steps done (auto_advance)')), ready_to_complete: false };
  }
  return { track: await tx.putTrack(track), ready_to_complete: allDone && track.status === 'active' };
}
