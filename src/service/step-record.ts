/** Phase three: recording an attempt's result in one transaction, and what it does to the step and the track. */

import { chooseBranch } from '../domain/plan-condition.js';
import { maxAttempts, retryDelayMs } from '../domain/plan-retry.js';
import type { Run, Step, Track } from '../domain/schema.js';
import type { AttemptOutcome } from '../exec/attempt.js';
import { findRun, stageRun } from '../store/runs.js';
import type { FileTx } from '../store/transaction.js';
import { findStep } from './plan.js';
import { afterFailure, afterSuccess, replaceStep } from './step-policy.js';
import { withoutClaim } from './step-recovery.js';
import { handoffOf, type NextResult, type Started } from './step-start.js';

export type Recorded = { retryInMs: number; attempt: number } | { result: NextResult };

function withoutOwner(run: Run): Run {
  const copy = { ...run };
  delete copy.owner;
  return copy;
}

/** Applies a conditional-branch step's choice: the chosen branch's `skip` and the other branches' targets are skipped. */
function applyBranch(track: Track, step: Step, exitCode: number | null | undefined): { track: Track; label: string; index: number; skipped: string[] } {
  const branches = step.action.branches ?? [];
  const scope = {
    steps: new Map(track.steps.map((s) => [s.step_id, { status: s.status, outputs: s.outputs ?? {} }])),
    exit_code: exitCode ?? undefined,
  };
  const index = chooseBranch(branches, scope);
  const chosen = index >= 0 ? branches[index] : undefined;
  const others = branches.filter((b, i) => i !== index && b.goto && b.goto !== chosen?.goto).map((b) => b.goto as string);
  const skip = new Set([...(chosen?.skip ?? []), ...others]);
  const skipped: string[] = [];
  let next = track;
  for (const s of track.steps) {
    if (skip.has(s.step_id) && s.status === 'pending') {
      next = replaceStep(next, { ...s, status: 'skipped', notes: `skipped by branch of ${step.step_id}` });
      skipped.push(s.step_id);
    }
  }
  const label = chosen ? (chosen.label ?? chosen.goto ?? `branch-${index + 1}`) : 'none';
  return { track: next, label, index, skipped };
}

export function recordAttempt(tx: FileTx, started: Started, outcome: AttemptOutcome): Recorded {
  let track = tx.getTrack(started.track_id);
  const step = findStep(track, started.step_id);
  const run = findRun(tx, started.track_id, started.run_id) as Run;
  const ran: Run = {
    ...run,
    attempts: [...run.attempts, ...outcome.records],
    ...(outcome.tasks ? { tasks: outcome.tasks } : {}),
    ...(outcome.next_task !== undefined ? { next_task: outcome.next_task } : {}),
  };
  const base = { recovered: started.recovered, checkpoint_id: started.checkpoint_id, ready_to_complete: false };
  if (step.status !== 'in-progress' || step.last_run_id !== run.run_id) {
    const closed = stageRun(tx, { ...ran, status: 'interrupted', ended_at: tx.at, error: `step was ${step.status} when the run finished; result not applied` });
    return { result: { ...base, kind: 'superseded', track, step, run: closed } };
  }
  const attempts = (step.attempts ?? 0) + 1;
  if (outcome.interrupted_by) {
    const stopped = stageRun(tx, withoutOwner({ ...ran, status: 'interrupted', ended_at: tx.at, error: `interrupted by ${outcome.interrupted_by}` }));
    const pending: Step = { ...withoutClaim(step), status: 'pending', attempts };
    track = tx.putTrack(replaceStep(track, pending));
    const recovered = [...started.recovered, { step_id: step.step_id, run_id: run.run_id, pid: process.pid, outcome: 'handed-back' as const }];
    return { result: { ...base, recovered, kind: 'interrupted', track, step: pending, run: stopped } };
  }
  if (outcome.ok && outcome.waiting_at !== undefined) {
    const waiting = stageRun(tx, withoutOwner({ ...ran, status: 'waiting' }));
    const held: Step = { ...step, attempts };
    track = tx.putTrack(replaceStep(track, held));
    return { result: { ...base, kind: 'handed-off', track, step: held, run: waiting, handoff: handoffOf(tx, track, held) } };
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
    const finished = stageRun(tx, withoutOwner({ ...ran, status: 'succeeded', ended_at: tx.at, outputs }));
    const after = afterSuccess(tx, replaceStep(track, done));
    return { result: { ...base, kind: 'completed', track: after.track, step: done, run: finished, ready_to_complete: after.ready_to_complete, branch } };
  }
  if (attempts < maxAttempts(step)) {
    stageRun(tx, ran);
    tx.putTrack(replaceStep(track, { ...step, attempts }));
    return { retryInMs: retryDelayMs(step.retry, attempts), attempt: attempts };
  }
  const error = outcome.error ?? 'the step failed';
  const failed: Step = { ...withoutClaim(step), status: 'failed', attempts };
  const finished = stageRun(tx, withoutOwner({ ...ran, status: outcome.timed_out ? 'timed-out' : 'failed', ended_at: tx.at, error: error.slice(0, 2_000) }));
  const after = afterFailure(tx, replaceStep(track, failed), failed, `${error} (attempt ${attempts} of ${maxAttempts(step)})`);
  return { result: { ...base, kind: 'failed', track: after.track, step: failed, run: finished, error, checkpoint_id: started.checkpoint_id } };
}
