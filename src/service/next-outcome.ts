/** A `next` whose step failed or was interrupted is an error for every caller (CLI exit 12, MCP tool error). */
import { StepError } from '../domain/errors.js';
import type { NextResult } from './step-start.js';

/** Returns `r` unless its step failed or was interrupted; then throws the StepError the CLI and the MCP server report. */
export function requireStepOk(r: NextResult): NextResult {
  const where = r.run ? ` (logs: ${r.track.track_id}/workflows/${r.run.run_id}/)` : '';
  const details = { kind: r.kind, step_id: r.step?.step_id, run_id: r.run?.run_id, track_status: r.track.status, recovered: r.recovered };
  if (r.kind === 'failed') {
    throw new StepError(
      `step '${r.step?.step_id}' failed: ${r.error}${where}; track is ${r.track.status}`,
      `fix it, then 'track step reset --step-id ${r.step?.step_id}' and 'track next'${r.track.status === 'paused' ? ' (after track resume)' : ''}`,
      details,
    );
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
