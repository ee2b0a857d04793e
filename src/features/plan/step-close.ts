/** Closing a handed-out step: complete, fail, skip, approve, release, reset. One transaction each. */
import { ConflictError, TrackError, ValidationError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { isAgentAction, isRunnable } from '../../core/plan.js';
import type { Run, Step, Track } from '../../core/schema.js';
import type { StorePort, StoreTx } from '../../store/port.js';
import { keepPausedTrackCurrent } from '../checkpoints/snapshot.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { agentName } from './agent-name.js';
import { findStep } from './plan.js';
import { afterFailure, afterSuccess, replaceStep, requireActive, type TrackOutcome, withoutClaim } from './step-policy.js';
import { handedOut } from './step-start.js';

export type CloseAction = 'complete' | 'fail' | 'skip' | 'approve' | 'release' | 'reset';

export interface CloseOptions {
  track_id?: string | undefined;
  step_id: string;
  agent?: string | undefined;
  outputs?: Record<string, string> | undefined;
  notes?: string | undefined;
}

export interface CloseResult extends TrackOutcome {
  action: CloseAction;
  step: Step;
  run?: Run | undefined;
  /** The track is paused and this other track is active: going back to it is a switch, not a resume. */
  active_elsewhere?: string | undefined;
}

/** Only the holder of a claimed step closes, skips or resets it; the hint is the holder's own command, runnable as printed. */
function assertHolder(step: Step, agent: string, action: CloseAction, where: { track: Track; activeId: string | null }): void {
  if (step.claim && step.claim.holder !== agent) {
    const holder = step.claim.holder;
    const track = where.track.track_id === where.activeId ? {} : { track_id: where.track.track_id };
    throw new ConflictError(
      `step '${step.step_id}' is held by ${holder}`,
      hint`${cmd(`step_${action}`, { step_id: step.step_id, agent: holder, ...track })} to act as ${holder}, or ask ${holder} to ${cmd('step_release', { step_id: step.step_id, agent: holder, ...track })}`,
      {
        step_id: step.step_id,
        holder,
      },
    );
  }
}

/** A step an agent may close: handed out (in progress, waiting on its holder), or a pending agent step whose dependencies are done. */
async function assertClosable(tx: StoreTx, track: Track, step: Step, agent: string, verb: CloseAction, activeId: string | null): Promise<void> {
  if (step.status === 'in-progress' && (await handedOut(tx, track, step))) {
    assertHolder(step, agent, verb, { track, activeId });
    return;
  }
  if (step.status === 'pending' && isAgentAction(step.action.type) && isRunnable(track.steps, step)) return;
  const why =
    step.status === 'in-progress'
      ? `it is being executed by 'track next' (${step.claim?.holder ?? 'unknown'})`
      : step.status === 'pending'
        ? isAgentAction(step.action.type)
          ? 'its dependencies are not done'
          : `it is a ${step.action.type} step that 'track next' executes`
        : `it is ${step.status}`;
  throw new TrackError(
    'INVALID_STATE',
    `cannot ${verb} step '${step.step_id}': ${why}`,
    hint`${cmd('status')} shows the plan; ${cmd('next')} hands out the next step`,
    {
      step_id: step.step_id,
      status: step.status,
    },
  );
}

/** The run a handed-out step is recorded in, closed (or kept waiting for the rest of a workflow). */
async function closeRun(
  tx: StoreTx,
  track: Track,
  step: Step,
  status: Run['status'],
  outputs: Record<string, string>,
  error?: string,
): Promise<Run | undefined> {
  const run = step.last_run_id ? await tx.findRun(track.track_id, step.last_run_id) : null;
  if (!run || (run.status !== 'waiting' && run.status !== 'running')) return undefined;
  const copy: Run = { ...run, status, ended_at: tx.at, outputs: { ...run.outputs, ...outputs }, ...(error ? { error: error.slice(0, 2_000) } : {}) };
  delete copy.owner;
  return await tx.putRun(copy);
}

async function complete(tx: StoreTx, track: Track, step: Step, options: CloseOptions, extra: Partial<Step> = {}): Promise<CloseResult> {
  const outputs = { ...step.outputs, ...options.outputs };
  const run = step.last_run_id ? await tx.findRun(track.track_id, step.last_run_id) : null;
  const notes = options.notes ? { notes: options.notes } : {};
  // A workflow waiting at an agent task goes on with its remaining tasks at the next `next`.
  if (step.action.type === 'run-workflow' && run?.status === 'waiting' && run.next_task !== undefined) {
    const tasks = (run.tasks ?? []).map((t) =>
      t.index === run.next_task ? { ...t, status: 'completed' as const, holder: step.claim?.holder ?? 'unknown' } : t,
    );
    const nextTask = run.next_task + 1;
    const moreTasks = nextTask < (step.action.tasks?.length ?? run.tasks?.length ?? 0);
    const saved = await tx.putRun({ ...run, tasks, next_task: nextTask, outputs: { ...run.outputs, ...options.outputs } });
    if (moreTasks) {
      const pending: Step = { ...withoutClaim(step), status: 'pending', outputs, ...notes };
      return { action: 'complete', step: pending, run: saved, track: await tx.putTrack(replaceStep(track, pending)), ready_to_complete: false };
    }
  }
  const done: Step = { ...withoutClaim(step), ...extra, status: 'completed', completed_at: tx.at, outputs, ...notes };
  const closed = await closeRun(tx, track, step, 'succeeded', outputs);
  return { action: 'complete', step: done, run: closed, ...(await afterSuccess(tx, replaceStep(track, done))) };
}

/**
 * Closes a step in one transaction. A paused track keeps what is done to it (a checkpoint is taken
 * so that resuming keeps it): reset and skip, and an agent's result for a step handed to it before
 * the pause (complete, approve, fail, release). Starting work needs the track active.
 */
async function apply(tx: StoreTx, action: CloseAction, options: CloseOptions, agent: string): Promise<CloseResult> {
  const track = await resolveTrack(tx, options.track_id, { needsActive: action !== 'reset' && action !== 'skip' });
  const step = findStep(track, options.step_id);
  const activeId = (await tx.head()).active_track_id;
  const result = await applyTo(tx, track, step, action, options, agent, activeId);
  if (result.track.status !== 'paused') return result;
  await keepPausedTrackCurrent(tx, result.track, `${action} ${step.step_id}`);
  return activeId && activeId !== track.track_id ? { ...result, active_elsewhere: activeId } : result;
}

async function applyTo(
  tx: StoreTx,
  track: Track,
  step: Step,
  action: CloseAction,
  options: CloseOptions,
  agent: string,
  activeId: string | null,
): Promise<CloseResult> {
  const notes = options.notes ? { notes: options.notes } : {};
  if (action === 'reset' || action === 'skip') {
    if (track.status !== 'active' && track.status !== 'paused') requireActive(track, activeId);
    if (step.status === 'in-progress' && !(await handedOut(tx, track, step))) {
      throw new ConflictError(
        `step '${step.step_id}' is being executed by 'track next'`,
        hint`wait for it to finish; if its process died, ${cmd('next')} recovers it`,
      );
    }
    if (action === 'skip' && step.status === 'completed')
      throw new TrackError('INVALID_STATE', `step '${step.step_id}' is already completed`, 'nothing to skip');
    if (step.status === 'in-progress') assertHolder(step, agent, action, { track, activeId });
    const run = step.status === 'in-progress' ? await closeRun(tx, track, step, 'interrupted', {}, `${action} by ${agent}`) : undefined;
    const changed: Step =
      action === 'reset' ? { ...withoutClaim(step), status: 'pending', attempts: 0, ...notes } : { ...withoutClaim(step), status: 'skipped', ...notes };
    const next = replaceStep(track, changed);
    const outcome =
      action === 'skip' && track.status === 'active' ? await afterSuccess(tx, next) : { track: await tx.putTrack(next), ready_to_complete: false };
    return { action, step: changed, run, ...outcome };
  }
  const handedOutWhilePaused = track.status === 'paused' && step.status === 'in-progress' && (await handedOut(tx, track, step));
  if (!handedOutWhilePaused) requireActive(track, activeId);
  if (action === 'release') {
    if (step.status !== 'in-progress' || !(await handedOut(tx, track, step))) await assertClosable(tx, track, step, agent, 'release', activeId);
    assertHolder(step, agent, 'release', { track, activeId });
    const released: Step = { ...withoutClaim(step), status: 'pending' };
    const run = isAgentAction(step.action.type) ? await closeRun(tx, track, step, 'interrupted', {}, `released by ${agent}`) : undefined;
    return { action, step: released, run, track: await tx.putTrack(replaceStep(track, released)), ready_to_complete: false };
  }
  await assertClosable(tx, track, step, agent, action, activeId);
  if (action === 'approve') {
    if (step.action.type !== 'approval')
      throw new ValidationError(`step '${step.step_id}' is not an approval step`, hint`${cmd('step_complete', { step_id: step.step_id })}`);
    const approvers = step.action.approvers ?? [];
    if (approvers.length && !approvers.includes(agent)) {
      throw new TrackError(
        'PERMISSION',
        `${agent} may not approve step '${step.step_id}' (approvers: ${approvers.join(', ')})`,
        hint`${cmd('step_approve', { step_id: step.step_id, agent: approvers[0] })}`,
      );
    }
    return await complete(tx, track, step, options, { approved_by: agent });
  }
  if (action === 'complete') {
    if (step.action.type === 'approval')
      throw new ValidationError(`step '${step.step_id}' needs an approval`, hint`${cmd('step_approve', { step_id: step.step_id })}`);
    return await complete(tx, track, step, options);
  }
  const why = options.notes ?? `marked failed by ${agent}`;
  const failed: Step = { ...withoutClaim(step), status: 'failed', ...notes };
  const run = await closeRun(tx, track, step, 'failed', options.outputs ?? {}, why);
  return { action, step: failed, run, ...(await afterFailure(tx, replaceStep(track, failed), failed, why)) };
}

export async function closeStep(store: StorePort, action: CloseAction, options: CloseOptions): Promise<CloseResult> {
  const agent = agentName(options.agent);
  return store.transaction((tx) => apply(tx, action, options, agent));
}
