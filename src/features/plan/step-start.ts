/** Phase one of running a step, inside one transaction: recover dead runs, select, checkpoint, claim, create the run. */
import { isAgentAction } from '../../core/plan.js';
import { type Handoff, handoffFor } from '../../core/plan-handoff.js';
import { type Selection, selectStep, type WaitingOn } from '../../core/plan-select.js';
import type { Run, Step, Track } from '../../core/schema.js';
import type { DocumentReader } from '../../store/file/documents.js';
import { selfIdentity } from '../../store/file/process-identity.js';
import { findRun, nextRunId, stageNewRun, stageRun } from '../../store/file/runs.js';
import type { FileTx } from '../../store/file/transaction.js';
import { checkpointTrack } from '../checkpoints/snapshot.js';
import { resolveTrackId } from '../tracks/bound-track.js';
import { defaultAgent } from './agent-name.js';
import { continuesRun } from './step-exit.js';
import { handedOut, waitingTask } from './step-handout.js';
import { afterFailure, afterSuccess, replaceStep, requireActive } from './step-policy.js';
import { type Recovery, recoverInterrupted, type StoppedCommand } from './step-recovery.js';

export { handedOut, waitingTask };

export type NextKind = 'completed' | 'failed' | 'handed-off' | 'waiting' | 'all-done' | 'interrupted' | 'superseded' | 'dry-run';

export interface NextResult {
  kind: NextKind;
  track: Track;
  step?: Step | undefined;
  run?: Run | undefined;
  handoff?: Handoff | undefined;
  recovered: Recovery[];
  waiting_on?: WaitingOn[] | undefined;
  ready_to_complete: boolean;
  /** The pre-step checkpoint written before the step started. */
  checkpoint_id?: string | undefined;
  /** The step failed and `execution.pause_on_failure` paused the track. */
  paused_on_failure?: boolean | undefined;
  /** The track ended paused and this other track was active when the result was made (a switch while the step ran). */
  active_elsewhere?: string | undefined;
  error?: string | undefined;
  branch?: { label: string; skipped: string[] } | undefined;
  would?: Record<string, unknown> | undefined;
}

export interface Started {
  track_id: string;
  step_id: string;
  run_id: string;
  agent: string;
  checkpoint_id?: string | undefined;
  recovered: Recovery[];
}

/** The hand-off for a step, with the instructions of the workflow task it waits at, if any. */
export function handoffOf(reader: DocumentReader, track: Track, step: Step): Handoff {
  const task = waitingTask(reader, track, step);
  const handoff = handoffFor(step, track.steps, task?.instructions, defaultAgent());
  return task ? { ...handoff, name: `${step.name}: ${task.name}`, ...(task.agent ? { agent: task.agent } : {}) } : handoff;
}

export interface Plan {
  track: Track;
  recovered: Recovery[];
  selection: Selection;
  staleRuns: Run[];
}

/** What `next` would do, computed without writing: shared by the real run and --dry-run. */
export function planNext(
  reader: DocumentReader,
  at: string,
  options: { trackId?: string | undefined; stepId?: string | undefined },
  agent: string,
  stopped: readonly StoppedCommand[] = [],
): Plan {
  const original = reader.getTrack(resolveTrackId(reader, options.trackId, { needsActive: true }));
  requireActive(original, reader.head().active_track_id);
  const { track, runs, recovered } = recoverInterrupted(reader, original, at, stopped);
  if (recovered.some((r) => r.outcome === 'handed-back')) return { track, recovered, selection: { kind: 'waiting', waiting_on: [] }, staleRuns: runs };
  const selection = selectStep(track.steps, agent, (s) => handedOut(reader, track, s), options.stepId);
  return { track, recovered, selection, staleRuns: runs };
}

/** A step whose dead runner's run (or command) recorded its failure fails now, as the runner would have failed it. */
function recoveredFailure(tx: FileTx, track: Track, failed: Recovery, staleRuns: Run[], base: Omit<NextResult, 'kind'>): NextResult {
  const step = track.steps.find((s) => s.step_id === failed.step_id) as Step;
  const run = failed.run_id ? (staleRuns.find((r) => r.run_id === failed.run_id) ?? findRun(tx, track.track_id, failed.run_id) ?? undefined) : undefined;
  const error = run?.error ?? 'the step failed';
  const after = afterFailure(tx, track, step, error);
  return { ...base, kind: 'failed', track: after.track, step, run, error, ...(after.paused_on_failure ? { paused_on_failure: true } : {}) };
}

export function beginStep(
  tx: FileTx,
  options: { trackId?: string | undefined; stepId?: string | undefined },
  agent: string,
  stopped: readonly StoppedCommand[] = [],
): { done: NextResult } | { started: Started } {
  const plan = planNext(tx, tx.at, options, agent, stopped);
  for (const run of plan.staleRuns) stageRun(tx, run);
  let track = plan.recovered.length ? tx.putTrack(plan.track) : plan.track;
  const base = { track, recovered: plan.recovered, ready_to_complete: false };
  const sel = plan.selection;
  if (plan.recovered.some((r) => r.outcome === 'handed-back')) return { done: { ...base, kind: 'interrupted' } };
  const failed = plan.recovered.find((r) => r.outcome === 'failed');
  if (failed) return { done: recoveredFailure(tx, track, failed, plan.staleRuns, base) };
  if (sel.kind === 'held') return { done: { ...base, kind: 'handed-off', step: sel.step, handoff: handoffOf(tx, track, sel.step) } };
  if (sel.kind === 'waiting') return { done: { ...base, kind: 'waiting', waiting_on: sel.waiting_on } };
  if (sel.kind === 'all-done') {
    const outcome = afterSuccess(tx, track);
    return { done: { ...base, kind: 'all-done', track: outcome.track, ready_to_complete: outcome.ready_to_complete } };
  }
  const step = sel.step;
  const checkpoint = track.execution.checkpoint_frequency === 'per-step' ? checkpointTrack(tx, track, 'pre-step', `before ${step.step_id}`) : undefined;
  const previous = step.action.type === 'run-workflow' && step.last_run_id ? findRun(tx, track.track_id, step.last_run_id) : null;
  const agentStep = isAgentAction(step.action.type);
  let run: Run;
  if (continuesRun(step, previous)) {
    const going: Run = { ...previous, status: 'running', owner: selfIdentity() };
    delete going.ended_at;
    delete going.error;
    run = stageRun(tx, going);
  } else {
    run = stageNewRun(tx, {
      format: 'track-run/1',
      run_id: nextRunId(tx, track.track_id),
      track_id: track.track_id,
      workflow_id: track.track_id,
      ...(step.action.workflow ? { selected_workflow: step.action.workflow } : {}),
      step_id: step.step_id,
      action_type: step.action.type,
      ...(step.action.command ? { command: step.action.command } : {}),
      status: agentStep ? 'waiting' : 'running',
      started_at: tx.at,
      ...(agentStep ? {} : { owner: selfIdentity() }),
      attempts: [],
      outputs: {},
      logs: agentStep ? [] : ['stdout.log', 'stderr.log'],
    });
  }
  const started: Step = {
    ...step,
    status: 'in-progress',
    claim: { holder: agent, claimed_at: tx.at },
    started_at: step.started_at ?? tx.at,
    last_run_id: run.run_id,
    ...(agentStep ? { attempts: (step.attempts ?? 0) + 1 } : {}),
  };
  track = tx.putTrack(replaceStep(track, started));
  const checkpoint_id = checkpoint?.checkpoint_id;
  if (agentStep) {
    return {
      done: { ...base, track, kind: 'handed-off', step: started, run, handoff: handoffFor(started, track.steps, undefined, defaultAgent()), checkpoint_id },
    };
  }
  return { started: { track_id: track.track_id, step_id: step.step_id, run_id: run.run_id, agent, checkpoint_id, recovered: plan.recovered } };
}
