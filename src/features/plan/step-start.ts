/** Phase one of running a step, inside one transaction: recover dead runs, select, checkpoint, claim, create the run. */
import { isAgentAction } from '../../core/plan.js';
import { type Handoff, handoffFor } from '../../core/plan-handoff.js';
import { type Selection, selectStep, type WaitingOn } from '../../core/plan-select.js';
import type { Run, Step, Track } from '../../core/schema.js';
import type { StoreReader, StoreTx } from '../../store/port.js';
import { selfIdentity } from '../../store/process-identity.js';
import { checkpointTrack } from '../checkpoints/snapshot.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { defaultAgent } from './agent-name.js';
import { nextRunId, putNewRun } from './run-records.js';
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
export async function handoffOf(reader: StoreReader, track: Track, step: Step): Promise<Handoff> {
  const task = await waitingTask(reader, track, step);
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
export async function planNext(
  reader: StoreReader,
  at: string,
  options: { track_id?: string | undefined; step_id?: string | undefined },
  agent: string,
  stopped: readonly StoppedCommand[] = [],
): Promise<Plan> {
  const original = await resolveTrack(reader, options.track_id, { needsActive: true });
  requireActive(original, (await reader.head()).active_track_id);
  const { track, runs, recovered } = await recoverInterrupted(reader, original, at, stopped);
  if (recovered.some((r) => r.outcome === 'handed-back')) return { track, recovered, selection: { kind: 'waiting', waiting_on: [] }, staleRuns: runs };
  const held = await heldSteps(reader, track, agent, options.step_id);
  const selection = selectStep(track.steps, agent, (s) => held.has(s.step_id), options.step_id);
  return { track, recovered, selection, staleRuns: runs };
}

/** The in-progress steps `agent` holds that wait on it, up to the first that `selectStep` would hand back. */
async function heldSteps(reader: StoreReader, track: Track, agent: string, chosenId: string | undefined): Promise<Set<string>> {
  const held = new Set<string>();
  for (const s of track.steps) {
    if (s.status !== 'in-progress' || s.claim?.holder !== agent || !(await handedOut(reader, track, s))) continue;
    held.add(s.step_id);
    if (!chosenId || s.step_id === chosenId) break;
  }
  return held;
}

/** A step whose dead runner's run (or command) recorded its failure fails now, as the runner would have failed it. */
async function recoveredFailure(tx: StoreTx, track: Track, failed: Recovery, staleRuns: Run[], base: Omit<NextResult, 'kind'>): Promise<NextResult> {
  const step = track.steps.find((s) => s.step_id === failed.step_id) as Step;
  const run = failed.run_id ? (staleRuns.find((r) => r.run_id === failed.run_id) ?? (await tx.findRun(track.track_id, failed.run_id)) ?? undefined) : undefined;
  const error = run?.error ?? 'the step failed';
  const after = await afterFailure(tx, track, step, error);
  return { ...base, kind: 'failed', track: after.track, step, run, error, ...(after.paused_on_failure ? { paused_on_failure: true } : {}) };
}

export async function beginStep(
  tx: StoreTx,
  options: { track_id?: string | undefined; step_id?: string | undefined },
  agent: string,
  stopped: readonly StoppedCommand[] = [],
  /** Called with the step chosen to run, before anything is written for it: throwing refuses the step. */
  gate?: (track: Track, step: Step) => Promise<void>,
): Promise<{ done: NextResult } | { started: Started }> {
  const plan = await planNext(tx, tx.at, options, agent, stopped);
  for (const run of plan.staleRuns) await tx.putRun(run);
  let track = plan.recovered.length ? await tx.putTrack(plan.track) : plan.track;
  const base = { track, recovered: plan.recovered, ready_to_complete: false };
  const sel = plan.selection;
  if (plan.recovered.some((r) => r.outcome === 'handed-back')) return { done: { ...base, kind: 'interrupted' } };
  const failed = plan.recovered.find((r) => r.outcome === 'failed');
  if (failed) return { done: await recoveredFailure(tx, track, failed, plan.staleRuns, base) };
  if (sel.kind === 'held') return { done: { ...base, kind: 'handed-off', step: sel.step, handoff: await handoffOf(tx, track, sel.step) } };
  if (sel.kind === 'waiting') return { done: { ...base, kind: 'waiting', waiting_on: sel.waiting_on } };
  if (sel.kind === 'all-done') {
    const outcome = await afterSuccess(tx, track);
    return { done: { ...base, kind: 'all-done', track: outcome.track, ready_to_complete: outcome.ready_to_complete } };
  }
  const step = sel.step;
  await gate?.(track, step);
  const checkpoint = track.execution.checkpoint_frequency === 'per-step' ? await checkpointTrack(tx, track, 'pre-step', `before ${step.step_id}`) : undefined;
  const previous = step.action.type === 'run-workflow' && step.last_run_id ? await tx.findRun(track.track_id, step.last_run_id) : null;
  const agentStep = isAgentAction(step.action.type);
  let run: Run;
  if (continuesRun(step, previous)) {
    const going: Run = { ...previous, status: 'running', owner: selfIdentity() };
    delete going.ended_at;
    delete going.error;
    run = await tx.putRun(going);
  } else {
    run = await putNewRun(tx, {
      format: 'track-run/1',
      run_id: await nextRunId(tx, track.track_id),
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
  track = await tx.putTrack(replaceStep(track, started));
  const checkpoint_id = checkpoint?.checkpoint_id;
  if (agentStep) {
    return {
      done: { ...base, track, kind: 'handed-off', step: started, run, handoff: handoffFor(started, track.steps, undefined, defaultAgent()), checkpoint_id },
    };
  }
  return { started: { track_id: track.track_id, step_id: step.step_id, run_id: run.run_id, agent, checkpoint_id, recovered: plan.recovered } };
}
