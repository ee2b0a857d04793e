/** A `next` whose step failed or was interrupted is an error for every caller (CLI exit 12, MCP tool error). */
import { StepError } from '../../core/errors.js';
import { cmd, type Hint, hint, joinHints, renderHint, run } from '../../core/hint.js';
import { closedTrackHint, goOn } from './step-policy.js';
import type { NextResult } from './step-start.js';

/** How to run a failed step again once its cause is fixed (the reset makes it pending, with its attempts cleared). */
const retry = (stepId: string, agent?: string): Hint =>
  hint`${cmd('step_reset', { step_id: stepId })} then ${cmd('step', { step_id: stepId, ...(agent ? { agent } : {}) })}`;
export const retryHint = (stepId: string, agent?: string): string => renderHint('cli', retry(stepId, agent));

/** The command that makes the step's paused track active again: `switch --to` when another track is active meanwhile. */
export const resumeCommand = (r: NextResult): string => renderHint('cli', hint`${goOn(r.track.track_id, r.active_elsewhere)}`);

/** What to do after a failed step depends on where the failure left the track. */
function failedHint(r: NextResult, agent?: string): Hint {
  const again = retry(r.step?.step_id ?? '<step-id>', agent);
  const why = r.run ? hint`${cmd('run_logs', { run_id: r.run.run_id, track_id: r.track.track_id })} shows why; ` : hint``;
  if (r.track.status === 'active') return joinHints([why, 'fix the cause, then retry: ', again], '');
  if (r.track.status === 'paused') return joinHints([why, hint`fix the cause, then ${goOn(r.track.track_id, r.active_elsewhere)} and retry: `, again], '');
  const setting = r.track.status === 'failed' && r.track.execution.fail_track_on_failure ? 'execution.fail_track_on_failure is set: ' : '';
  return joinHints([setting, closedTrackHint(r.track)], '');
}

/**
 * Returns `r` unless its step failed or was interrupted; then throws the StepError the CLI and the
 * MCP server report. `agent`: the agent given, named in the commands of the hint.
 */
export function requireStepOk(r: NextResult, agent?: string): NextResult {
  const where = r.run ? ` (${r.run.run_id})` : '';
  const details = {
    kind: r.kind,
    step_id: r.step?.step_id,
    run_id: r.run?.run_id,
    track_status: r.track.status,
    recovered: r.recovered,
    ...(r.checkpoint_id ? { checkpoint_id: r.checkpoint_id } : {}),
  };
  if (r.kind === 'failed') {
    throw new StepError(`step '${r.step?.step_id}' failed: ${r.error}${where}; track is ${r.track.status}`, failedHint(r, agent), details);
  }
  if (r.kind === 'interrupted') {
    const interrupted = r.recovered.filter((x) => x.outcome === 'retry' || x.outcome === 'handed-back');
    const ids = interrupted.map((x) => `${x.step_id}${x.run_id ? ` (${x.run_id})` : ''}`).join(', ');
    const pids = interrupted.flatMap((x) => (x.stopped_pid ? [x.stopped_pid] : []));
    const stopped = pids.length ? `; the command it left running (pid ${pids.join(', ')}) was stopped` : '';
    const first = r.step?.step_id ?? interrupted[0]?.step_id ?? '<step-id>';
    throw new StepError(
      `interrupted: ${ids} — ${r.run?.error?.replace(/^interrupted: /, '') ?? `the process running it is gone${stopped}`}; the step is pending again`,
      hint`${run('next', agent ? { agent } : undefined)} to run it again, or ${cmd('step_skip', { step_id: first })}`,
      details,
    );
  }
  return r;
}
