/** A `next` whose step failed or was interrupted is an error for every caller (CLI exit 12, MCP tool error). */
import { StepError } from '../domain/errors.js';
import type { NextResult } from './step-start.js';

/** What to do after a failed step depends on where the failure left the track. */
function failedHint(r: NextResult): string {
  const retry = `'track step reset --step-id ${r.step?.step_id}' and 'track next'`;
  if (r.track.status === 'paused') return `fix it, then 'track resume', ${retry}`;
  if (r.track.status === 'active') return `fix it, then ${retry}`;
  return `the track is ${r.track.status} (set execution.pause_on_failure to pause instead); see 'track status', then create a new track or 'track archive'`;
}

/** Returns `r` unless its step failed or was interrupted; then throws the StepError the CLI and the MCP server report. */
export function requireStepOk(r: NextResult): NextResult {
  const where = r.run ? ` (logs: ${r.track.track_id}/workflows/${r.run.run_id}/)` : '';
  const details = { kind: r.kind, step_id: r.step?.step_id, run_id: r.run?.run_id, track_status: r.track.status, recovered: r.recovered };
  if (r.kind === 'failed') {
    throw new StepError(`step '${r.step?.step_id}' failed: ${r.error}${where}; track is ${r.track.status}`, failedHint(r), details);
  }
  if (r.kind === 'interrupted') {
    const ids = r.recovered.map((x) => `${x.step_id}${x.run_id ? ` (${x.run_id})` : ''}`).join(', ');
    throw new StepError(
      `interrupted: ${ids} — ${r.run?.error?.replace(/^interrupted: /, '') ?? 'the process running it is gone'}; the step is pending again`,
      "run 'track next' to run it again, or 'track step skip'",
      details,
    );
  }
  return r;
}
