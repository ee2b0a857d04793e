/** A track completes when its plan is finished: every step completed or skipped, or the caller forces it. */
import { TrackError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { isDone } from '../../core/plan.js';
import type { Step, Track } from '../../core/schema.js';

const describe = (s: Step): string => `${s.step_id} (${s.status}${s.claim ? `, held by ${s.claim.holder}` : ''})`;

/**
 * Refuses to complete a track whose plan still has unfinished steps, naming them; with `force`
 * returns the note the history records instead. Undefined when the plan is finished.
 */
export function assertPlanFinished(track: Track, force: boolean): string | undefined {
  const open = track.steps.filter((s) => !isDone(s));
  if (open.length === 0) return undefined;
  const listed = open.slice(0, 8).map(describe).join(', ') + (open.length > 8 ? ` and ${open.length - 8} more` : '');
  if (force) return `completed with ${open.length} unfinished step(s): ${listed}`;
  const first = open[0] as Step;
  throw new TrackError(
    'INVALID_STATE',
    `track '${track.track_id}' has ${open.length} unfinished step(s): ${listed}`,
    hint`finish or skip them (${cmd('step_skip', { step_id: first.step_id, track_id: track.track_id, ...(first.claim ? { agent: first.claim.holder } : {}) })}), or ${cmd('complete', { track_id: track.track_id, force: true })} to complete it anyway`,
    { track_id: track.track_id, unfinished_steps: open.map((s) => ({ step_id: s.step_id, status: s.status, holder: s.claim?.holder })) },
  );
}
