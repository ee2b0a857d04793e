/** Phase three: recording an attempt's result in one transaction, and what it does to the step and the track. */

import { maxAttempts, retryDelayMs } from '../../core/plan-retry.js';
import type { Run, Step, Track } from '../../core/schema.js';
import type { AttemptOutcome } from '../../exec/attempt.js';
import type { StoreTx } from '../../store/port.js';
import { keepPausedTrackCurrent } from '../checkpoints/snapshot.js';
import { findStep } from './plan.js';
import { applyBranch } from './step-branch.js';
import { afterFailure, afterSuccess, replaceStep, withoutClaim } from './step-policy.js';
import { handoffOf, type NextResult, type Started } from './step-start.js';

export type Recorded = { retryInMs: number; attempt: number } | { result: NextResult };

function withoutOwner(run: Run): Run {
  const copy = { ...run };
  delete copy.owner;
  return copy;
}

/**
 * Records an attempt's result. The track may have been paused (or switched away from) while the
 * command ran: the result is recorded all the same, and checkpointed so that resuming keeps it.
 */
export async function recordAttempt(tx: StoreTx, started: Started, outcome: AttemptOutcome): Promise<Recorded> {
  const recorded = await applyAttempt(tx, started, outcome);
  await keepPausedTrackCurrent(tx, await tx.getTrack(started.track_id), `result of ${started.step_id} (${started.run_id}) recorded`);
  return recorded;
}

/** A retry was due but the track is no longer active: nothing more runs, and the step fails with the last attempt's error. */
export async function endRetries(tx: StoreTx, started: Started, error: string): Promise<NextResult> {
  const track = await tx.getTrack(started.track_id);
  const step = findStep(track, started.step_id);
  const run = (await tx.findRun(started.track_id, started.run_id)) as Run;
  const result = ours(step, run)
    ? await failStep(tx, started, track, step, run, {
        error: `${error}; not retried: the track is ${track.status}`,
        timedOut: false,
        attempts: step.attempts ?? 1,
      })
    : await supersede(tx, started, track, step, run);
  await keepPausedTrackCurrent(tx, await tx.getTrack(started.track_id), `${started.step_id} given up`);
  return result;
}

/** A retry was due but the runner must stop (`NextOptions.stop`): the step goes back to pending, its failed attempts counted. */
export async function interruptRetries(tx: StoreTx, started: Started, signal: string): Promise<NextResult> {
  const track = await tx.getTrack(started.track_id);
  const step = findStep(track, started.step_id);
  const run = (await tx.findRun(started.track_id, started.run_id)) as Run;
  if (!ours(step, run)) return await supersede(tx, started, track, step, run);
  const stopped = await tx.putRun(
    withoutOwner({ ...run, status: 'interrupted', ended_at: tx.at, error: `interrupted by ${signal} before attempt ${(step.attempts ?? 0) + 1}` }),
  );
  const pending: Step = { ...withoutClaim(step), status: 'pending' };
  const saved = await tx.putTrack(replaceStep(track, pending));
  await keepPausedTrackCurrent(tx, saved, `${started.step_id} interrupted`);
  const recovered = [...started.recovered, { step_id: step.step_id, run_id: run.run_id, pid: process.pid, outcome: 'handed-back' as const }];
  return { ...baseOf(started), recovered, kind: 'interrupted', track: saved, step: pending, run: stopped };
}

const baseOf = (started: Started) => ({ recovered: started.recovered, checkpoint_id: started.checkpoint_id, ready_to_complete: false });

/** The step still waits for this run: nothing (a reset, a restore) has taken it elsewhere. */
const ours = (step: Step, run: Run): boolean => step.status === 'in-progress' && step.last_run_id === run.run_id;

async function supersede(tx: StoreTx, started: Started, track: Track, step: Step, ran: Run): Promise<NextResult> {
  const closed = await tx.putRun({
    ...ran,
    status: 'interrupted',
    ended_at: tx.at,
    error: `step was ${step.status} when the run finished; result not applied`,
  });
  return { ...baseOf(started), kind: 'superseded', track, step, run: closed };
}

async function failStep(
  tx: StoreTx,
  started: Started,
  track: Track,
  step: Step,
  ran: Run,
  how: { error: string; timedOut: boolean; attempts: number },
): Promise<NextResult> {
  const failed: Step = { ...withoutClaim(step), status: 'failed', attempts: how.attempts };
  const status = how.timedOut ? 'timed-out' : 'failed';
  const finished = await tx.putRun(withoutOwner({ ...ran, status, ended_at: tx.at, error: how.error.slice(0, 2_000) }));
  const after = await afterFailure(tx, replaceStep(track, failed), failed, `${how.error} (attempt ${how.attempts} of ${maxAttempts(step)})`);
  const result: NextResult = { ...baseOf(started), kind: 'failed', track: after.track, step: failed, run: finished, error: how.error };
  return after.paused_on_failure ? { ...result, paused_on_failure: true } : result;
}

async function applyAttempt(tx: StoreTx, started: Started, outcome: AttemptOutcome): Promise<Recorded> {
  let track = await tx.getTrack(started.track_id);
  const step = findStep(track, started.step_id);
  const run = (await tx.findRun(started.track_id, started.run_id)) as Run;
  const ran: Run = {
    ...run,
    attempts: [...run.attempts, ...outcome.records],
    ...(outcome.tasks ? { tasks: outcome.tasks } : {}),
    ...(outcome.next_task !== undefined ? { next_task: outcome.next_task } : {}),
  };
  const base = baseOf(started);
  if (!ours(step, run)) return { result: await supersede(tx, started, track, step, ran) };
  const attempts = (step.attempts ?? 0) + 1;
  if (outcome.interrupted_by) {
    const stopped = await tx.putRun(withoutOwner({ ...ran, status: 'interrupted', ended_at: tx.at, error: `interrupted by ${outcome.interrupted_by}` }));
    const pending: Step = { ...withoutClaim(step), status: 'pending', attempts };
    track = await tx.putTrack(replaceStep(track, pending));
    const recovered = [...started.recovered, { step_id: step.step_id, run_id: run.run_id, pid: process.pid, outcome: 'handed-back' as const }];
    return { result: { ...base, recovered, kind: 'interrupted', track, step: pending, run: stopped } };
  }
  if (outcome.ok && outcome.waiting_at !== undefined) {
    const waiting = await tx.putRun(withoutOwner({ ...ran, status: 'waiting' }));
    const held: Step = { ...step, attempts };
    track = await tx.putTrack(replaceStep(track, held));
    return { result: { ...base, kind: 'handed-off', track, step: held, run: waiting, handoff: await handoffOf(tx, track, held) } };
  }
  if (outcome.ok) {
    const outputs: Record<string, string> = { ...step.outputs, ...(outcome.exit_code != null ? { exit_code: String(outcome.exit_code) } : {}) };
    let branch: { label: string; skipped: string[] } | undefined;
    if (step.action.type === 'conditional-branch') {
      const chosen = applyBranch(track, step, outcome.exit_code);
      track = chosen.track;
      outputs.branch = chosen.label;
      branch = { label: chosen.label, skipped: chosen.skipped };
      const when = chosen.index >= 0 ? step.action.branches?.[chosen.index]?.when : undefined;
      if (when) ran.branch = { index: chosen.index, when, label: chosen.label };
    }
    const done: Step = { ...withoutClaim(step), status: 'completed', completed_at: tx.at, attempts, outputs };
    const finished = await tx.putRun(withoutOwner({ ...ran, status: 'succeeded', ended_at: tx.at, outputs }));
    const after = await afterSuccess(tx, replaceStep(track, done));
    return { result: { ...base, kind: 'completed', track: after.track, step: done, run: finished, ready_to_complete: after.ready_to_complete, branch } };
  }
  // Retries go on only while the track is active: a paused track runs nothing more.
  if (attempts < maxAttempts(step) && track.status === 'active') {
    await tx.putRun(ran);
    await tx.putTrack(replaceStep(track, { ...step, attempts }));
    return { retryInMs: retryDelayMs(step.retry, attempts), attempt: attempts };
  }
  return { result: await failStep(tx, started, track, step, ran, { error: outcome.error ?? 'the step failed', timedOut: outcome.timed_out, attempts }) };
}
