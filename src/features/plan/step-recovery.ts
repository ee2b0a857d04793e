/**
 * Steps left in progress by a runner that is gone: a run that finished, or whose command recorded
 * how it ended, has that result applied; a run still 'running' whose owner is provably gone was
 * interrupted, unless the command it started still runs.
 */
import { isAgentAction } from '../../core/plan.js';
import { maxAttempts } from '../../core/plan-retry.js';
import type { CommandProcess, Run, Step, Track } from '../../core/schema.js';
import { groupState } from '../../exec/process-group.js';
import type { StoreReader } from '../../store/port.js';
import { isProvablyGone } from '../../store/process-identity.js';
import { applyBranchIndex } from './step-branch.js';
import { applyCommandExit, applyWorkflowExit, commandEnd, interruptedWorkflow } from './step-exit.js';
import { replaceStep, withoutClaim } from './step-policy.js';

export interface Recovery {
  step_id: string;
  run_id: string | null;
  pid: number | null;
  /**
   * 'retry': interrupted, or its command's recorded failure, with attempts remaining: this `next`
   * runs it again; 'handed-back': interrupted, pending again, the caller decides; 'completed' /
   * 'failed': the run or its command had finished and the result recorded was applied to the step
   * (a command that succeeded is never run again for it).
   */
  outcome: 'retry' | 'handed-back' | 'completed' | 'failed';
  /** The command a dead runner left running, stopped by this `next` before it recovered the step. */
  stopped_pid?: number | undefined;
  /** The exit status the command recorded itself after its runner was gone (the result applied). */
  exit_code?: number | undefined;
  /** The workflow task the step goes on from (its earlier tasks are not run again). */
  continues_at?: string | undefined;
}

/** A command left running by a dead runner; `signal` null: it was gone by the time it was to be stopped. */
export interface StoppedCommand {
  run_id: string;
  pid: number;
  start_time: string | null;
  signal: 'SIGTERM' | 'SIGKILL' | null;
}

export interface RecoveryResult {
  track: Track;
  runs: Run[];
  recovered: Recovery[];
}

const ownerGone = (run: Run | null): boolean => run?.status === 'running' && run.owner !== undefined && isProvablyGone(run.owner);

/** Commands still running for runs whose runner is provably gone: they must be stopped before their steps are recovered. */
export async function findOrphans(reader: StoreReader, track: Track): Promise<{ run_id: string; command: CommandProcess }[]> {
  const found: { run_id: string; command: CommandProcess }[] = [];
  for (const step of track.steps) {
    if (step.status !== 'in-progress' || isAgentAction(step.action.type) || !step.last_run_id) continue;
    const run = await reader.findRun(track.track_id, step.last_run_id);
    if (!run || !ownerGone(run)) continue;
    const command = await reader.readCommand(track.track_id, run.run_id);
    if (command && groupState(command) === 'running') found.push({ run_id: run.run_id, command });
  }
  return found;
}

/** The step with the result its finished run recorded (lost from the track, e.g. by restoring an older checkpoint). */
function applyRecorded(track: Track, step: Step, run: Run): { track: Track; outcome: 'completed' | 'failed' } {
  const attempts = Math.max((step.attempts ?? 0) + 1, ...run.attempts.map((a) => a.attempt));
  if (run.status === 'succeeded') {
    const done: Step = {
      ...withoutClaim(step),
      status: 'completed',
      completed_at: run.ended_at ?? track.updated_at,
      attempts,
      outputs: { ...step.outputs, ...run.outputs },
    };
    const branched = step.action.type === 'conditional-branch' ? applyBranchIndex(track, step, run.branch?.index ?? -1).track : track;
    return { track: replaceStep(branched, done), outcome: 'completed' };
  }
  return { track: replaceStep(track, { ...withoutClaim(step), status: 'failed', attempts }), outcome: 'failed' };
}

/**
 * Applies the results of finished runs, marks interrupted runs and puts their steps back to
 * pending (the interrupted attempt counts). A run whose owner may still be alive, or whose
 * command still runs (and is not in `stopped`), is left alone: it is running elsewhere.
 */
export async function recoverInterrupted(reader: StoreReader, track: Track, at: string, stopped: readonly StoppedCommand[] = []): Promise<RecoveryResult> {
  const runs: Run[] = [];
  const recovered: Recovery[] = [];
  let current = track;
  for (const step of track.steps) {
    if (step.status !== 'in-progress' || isAgentAction(step.action.type)) continue;
    const run = step.last_run_id ? await reader.findRun(track.track_id, step.last_run_id) : null;
    if (run?.status === 'waiting') continue;
    if (run?.status === 'succeeded' || run?.status === 'failed' || run?.status === 'timed-out') {
      const applied = applyRecorded(current, step, run);
      current = applied.track;
      recovered.push({ step_id: step.step_id, run_id: run.run_id, pid: null, outcome: applied.outcome });
      continue;
    }
    if (run?.status === 'running' && !ownerGone(run)) continue;
    const stop = run ? stopped.find((s) => s.run_id === run.run_id) : undefined;
    if (run?.status === 'running' && !stop) {
      const command = await reader.readCommand(track.track_id, run.run_id);
      if (command && groupState(command) === 'running') continue;
    }
    const end = run?.status === 'running' ? await commandEnd(reader, track, run, stop !== undefined) : null;
    const exit = end?.exit ?? null;
    if (run && end && exit !== null) {
      const own = { ...end, exit };
      const applied = step.action.type === 'run-workflow' ? applyWorkflowExit(current, step, run, own, at) : applyCommandExit(current, step, run, own, at);
      if (applied) {
        current = applied.track;
        runs.push(applied.run);
        const pid = run.owner?.pid ?? null;
        recovered.push({ step_id: step.step_id, run_id: run.run_id, pid, outcome: applied.outcome, exit_code: exit, continues_at: applied.continues_at });
        continue;
      }
    }
    const attempts = (step.attempts ?? 0) + 1;
    if (run?.status === 'running') {
      const who = run.owner ? `pid ${run.owner.pid} on ${run.owner.host}` : 'its process';
      const killed = stop?.signal ? `; its command (pid ${stop.pid}) was still running and was stopped with ${stop.signal}` : '';
      runs.push({
        ...run,
        ...interruptedWorkflow(step, run, end),
        status: 'interrupted',
        ended_at: at,
        error: `interrupted: the process running it (${who}) is gone${killed}`,
        ...(stop?.signal ? { stopped_command: { pid: stop.pid, start_time: stop.start_time, signal: stop.signal, at } } : {}),
      });
    }
    current = replaceStep(current, { ...withoutClaim(step), status: 'pending', attempts });
    recovered.push({
      step_id: step.step_id,
      run_id: run?.run_id ?? null,
      pid: run?.owner?.pid ?? null,
      outcome: attempts < maxAttempts(step) ? 'retry' : 'handed-back',
      ...(stop?.signal ? { stopped_pid: stop.pid } : {}),
    });
  }
  return { track: current, runs, recovered };
}
