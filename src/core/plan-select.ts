import { TrackError } from './errors.js';
import { cmd, hint, run } from './hint.js';
import { blockingSteps, isDone, runnableSteps } from './plan.js';
import type { Step } from './schema.js';
import { closest, didYouMean } from './suggest.js';

export interface WaitingOn {
  step_id: string;
  status: Step['status'];
  holder: string | null;
}

export type Selection =
  /** The caller already holds this step: hand the same one back (a retried `next` is safe). */
  { kind: 'held'; step: Step } | { kind: 'start'; step: Step } | { kind: 'all-done' } | { kind: 'waiting'; waiting_on: WaitingOn[] };

export class StepBlockedError extends TrackError {
  override name = 'StepBlockedError';
  constructor(step: Step, blocking: readonly Step[]) {
    const list = blocking.map((b) => `${b.step_id} (${b.status})`).join(', ');
    super(
      'INVALID_STATE',
      `step '${step.step_id}' is blocked by ${list}`,
      hint`finish those first (${cmd('next')}), or ${cmd('step_skip', { step_id: blocking[0]?.step_id })}`,
      {
        step_id: step.step_id,
        blocking: blocking.map((b) => b.step_id),
      },
    );
  }
}

/**
 * Which step `agent` gets: one it already holds (handed out earlier), else the chosen or the
 * lowest-order runnable step. `handedOut` says whether an in-progress step waits on its holder.
 */
export function selectStep(steps: readonly Step[], agent: string, handedOut: (step: Step) => boolean, chosenId?: string): Selection {
  const held = steps.find((s) => s.status === 'in-progress' && s.claim?.holder === agent && handedOut(s) && (!chosenId || s.step_id === chosenId));
  if (held) return { kind: 'held', step: held };
  if (chosenId) {
    const step = steps.find((s) => s.step_id === chosenId);
    if (!step) {
      const near = closest(
        chosenId,
        steps.map((s) => s.step_id),
      );
      throw new TrackError(
        'NOT_FOUND',
        `there is no step '${chosenId.slice(0, 64)}'`,
        near.length ? hint`${didYouMean(near)} (${cmd('status')} shows the steps)` : hint`${run('status')} to see the steps`,
        { step_id: chosenId, ...(near.length ? { did_you_mean: near } : {}) },
      );
    }
    if (step.status !== 'pending') {
      const by = step.claim ? ` by ${step.claim.holder}` : '';
      throw new TrackError(
        'INVALID_STATE',
        `step '${step.step_id}' is ${step.status}${by}; only a pending step can run`,
        hint`${step.status === 'failed' ? 'fix the cause, then ' : ''}${run('step_reset', { step_id: step.step_id })} and ${run('step', { step_id: step.step_id })}`,
        {
          step_id: step.step_id,
          status: step.status,
        },
      );
    }
    const blocking = blockingSteps(steps, step);
    if (blocking.length) throw new StepBlockedError(step, blocking);
    return { kind: 'start', step };
  }
  const [first] = runnableSteps(steps);
  if (first) return { kind: 'start', step: first };
  if (steps.every(isDone)) return { kind: 'all-done' };
  return {
    kind: 'waiting',
    waiting_on: steps
      .filter((s) => !isDone(s) && s.status !== 'pending')
      .map((s) => ({ step_id: s.step_id, status: s.status, holder: s.claim?.holder ?? null })),
  };
}
