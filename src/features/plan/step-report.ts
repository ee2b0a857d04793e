/**
 * What an agent acts on after `next` or closing a step, instead of the whole track document: the
 * step, its outcome, the end of a command's output, progress, and the next thing to do.
 */
import { StepError, TrackError } from '../../core/errors.js';
import { type Face, isMcp, say } from '../../core/face-commands.js';
import { byOrder, isDone } from '../../core/plan.js';
import type { Handoff } from '../../core/plan-handoff.js';
import type { WaitingOn } from '../../core/plan-select.js';
import type { Run, Step, Track } from '../../core/schema.js';
import type { StorePort } from '../../store/port.js';
import { requireStepOk } from './next-outcome.js';
import { type LogStream, runTails } from './run-logs.js';
import type { CloseAction, CloseResult } from './step-close.js';
import type { Recovery } from './step-recovery.js';
import type { NextKind, NextResult } from './step-start.js';

export interface StepBrief {
  step_id: string;
  name: string;
  status: Step['status'];
  action_type: Step['action']['type'];
  holder?: string | undefined;
  outputs?: Record<string, string> | undefined;
  notes?: string | undefined;
}

export interface RunBrief {
  run_id: string;
  status: Run['status'];
  exit_code?: number | null | undefined;
  signal?: string | undefined;
  duration_ms?: number | undefined;
  error?: string | undefined;
  /** The last lines each stream wrote (a command's output; absent when it wrote nothing). */
  tail?: Partial<Record<LogStream, string>> | undefined;
}

export interface StepReport {
  /** What `next` did, or which close action ran. */
  kind: NextKind | CloseAction;
  track: { track_id: string; status: Track['status'] };
  progress: { completed_steps: number; total_steps: number; percentage: number };
  step?: StepBrief | undefined;
  /** For a step handed to the caller: what to do (the step's name and id are in `step`; empty lists left out). */
  handoff?: Partial<Omit<Handoff, 'step_id' | 'name' | 'action_type' | 'holder' | 'close_with'>> | undefined;
  run?: RunBrief | undefined;
  recovered?: Recovery[] | undefined;
  waiting_on?: WaitingOn[] | undefined;
  branch?: { label: string; skipped: string[] } | undefined;
  checkpoint_id?: string | undefined;
  would?: Record<string, unknown> | undefined;
  ready_to_complete: boolean;
  /** The next thing to do, as a command or tool call. */
  next: string;
}

/** Lines (and bytes) of each stream kept in a report: more when the step failed. */
const TAIL = { failed: { lines: 20, bytes: 4_000 }, finished: { lines: 8, bytes: 1_500 } } as const;

function stepBrief(step: Step): StepBrief {
  return {
    step_id: step.step_id,
    name: step.name,
    status: step.status,
    action_type: step.action.type,
    ...(step.claim ? { holder: step.claim.holder } : {}),
    ...(step.outputs && Object.keys(step.outputs).length ? { outputs: step.outputs } : {}),
    ...(step.notes ? { notes: step.notes } : {}),
  };
}

function handoffBrief(h: Handoff): StepReport['handoff'] {
  const { step_id: _id, name: _name, action_type: _type, holder: _holder, close_with: _close, inputs, success_criteria, ...rest } = h;
  return { ...rest, ...(inputs.length ? { inputs } : {}), ...(success_criteria.length ? { success_criteria } : {}) };
}

/** A run that executed commands (it has logs); an agent step's run says nothing the step does not. */
const ranCommands = (run: Run | undefined): run is Run => run !== undefined && run.logs.length > 0;

async function runBrief(store: StorePort, run: Run, failed: boolean): Promise<RunBrief> {
  const last = run.attempts.at(-1);
  const size = failed ? TAIL.failed : TAIL.finished;
  const tails = Object.entries(await store.read((reader) => runTails(reader, run, size.bytes, size.lines))).filter(([, t]) => t.text.length > 0);
  return {
    run_id: run.run_id,
    status: run.status,
    ...(last ? { exit_code: last.exit_code } : {}),
    ...(last?.signal ? { signal: last.signal } : {}),
    ...(last?.duration_ms !== undefined ? { duration_ms: last.duration_ms } : {}),
    ...(run.error ? { error: run.error } : {}),
    ...(tails.length ? { tail: Object.fromEntries(tails.map(([stream, t]) => [stream, t.text])) } : {}),
  };
}

/** A step to add, with placeholders for what only the caller knows. */
const ADD_STEP = { name: '<name>', action_type: 'manual' };

/** Who follow-ups are for: the agent given (so that following one never acts as someone else), and the active track when it is another. */
export interface FollowUp {
  agent?: string | undefined;
  /** The track is paused and this other track is active: going back is a switch. */
  activeElsewhere?: string | null | undefined;
}

const nextCall = (face: Face, f: FollowUp, extra: { step_id?: string } = {}): string => say(face, 'next', { ...extra, agent: f.agent });
const retry = (face: Face, f: FollowUp, stepId: string): string => `${say(face, 'step_reset', { step_id: stepId })} and ${nextCall(face, f)}`;

/** What to do with a track as it stands (after a lifecycle move, or when a step report has nothing more specific). */
export function trackNext(face: Face, track: Track, f: FollowUp = {}): string {
  const id = { track_id: track.track_id };
  if (track.status === 'completed') return 'the track is completed';
  if (track.status === 'paused') return `the track is paused: ${goOn(face, track, f)} to go on`;
  if (track.status === 'draft' || track.status === 'ready') return `the track is not active: ${say(face, 'activate', id)} to start it`;
  if (track.status !== 'active') return `the track is ${track.status}`;
  const failed = [...track.steps].sort(byOrder).find((s) => s.status === 'failed');
  if (failed) return `step ${failed.step_id} failed: fix the cause, then ${retry(face, f, failed.step_id)}`;
  if (!track.steps.length) return `the plan has no steps: ${say(face, 'step_add', ADD_STEP)}, or do the work, then ${say(face, 'complete', id)}`;
  if (track.steps.every(isDone)) return `all steps are done: check the success criteria, then ${say(face, 'complete', id)}`;
  return `${nextCall(face, f)} for the next step`;
}

/** The call that makes a paused track active again: a switch when another track is active meanwhile (resume would be refused). */
const goOn = (face: Face, track: Track, f: FollowUp): string =>
  f.activeElsewhere && f.activeElsewhere !== track.track_id ? say(face, 'switch', { to: track.track_id }) : say(face, 'resume', { track_id: track.track_id });

/** The next thing to do once the track is where `r` left it. */
function nextThing(face: Face, f: FollowUp, track: Track, ready: boolean, step: Step | undefined, kind: StepReport['kind'], waiting: WaitingOn[] = []): string {
  const id = { track_id: track.track_id };
  const failed = step && (kind === 'failed' || kind === 'fail') ? retry(face, f, step.step_id) : '';
  if (track.status === 'paused' && failed) return `the track is paused: fix the cause, then ${goOn(face, track, f)}, ${failed}`;
  if (track.status !== 'active') return trackNext(face, track, f);
  if (ready) return `all steps are done: check the success criteria, then ${say(face, 'complete', id)}`;
  if (failed) return `fix the cause, then ${failed}`;
  if (kind === 'handed-off' && step) {
    const args = { step_id: step.step_id, ...(step.claim ? { agent: step.claim.holder } : {}) };
    const close = step.action.type === 'approval' ? 'step_approve' : 'step_complete';
    return `do the step, then ${say(face, close, args)} (outputs and notes optional); if you cannot, ${say(face, 'step_release', args)}`;
  }
  if (kind === 'waiting') {
    const stuck = waiting.find((w) => w.status === 'failed');
    if (stuck) return `no step can run: step ${stuck.step_id} failed; fix the cause, then ${retry(face, f, stuck.step_id)}`;
    return `no step can run now: wait for the steps in waiting_on, or ${say(face, 'status')}`;
  }
  if (kind === 'dry-run') return `${nextCall(face, f)} without dry_run to do it`;
  if (kind === 'interrupted') return `${nextCall(face, f)} to run it again`;
  return trackNext(face, track, f);
}

function base(face: Face, f: FollowUp, kind: StepReport['kind'], track: Track, ready: boolean, step: Step | undefined, waiting?: WaitingOn[]) {
  const p = track.progress;
  return {
    kind,
    track: { track_id: track.track_id, status: track.status },
    progress: { completed_steps: p.completed_steps, total_steps: p.total_steps, percentage: p.percentage },
    ...(step ? { step: stepBrief(step) } : {}),
    ready_to_complete: ready,
    next: nextThing(face, f, track, ready, step, kind, waiting),
  };
}

/**
 * The report of a `next`. A failed or interrupted step is still the StepError every face reports,
 * with the end of its output and the next thing to do added to its details.
 */
export async function nextReport(store: StorePort, r: NextResult, face: Face, agent?: string): Promise<StepReport> {
  const failed = r.kind === 'failed' || r.kind === 'interrupted';
  const report: StepReport = {
    ...base(face, { agent, activeElsewhere: r.active_elsewhere }, r.kind, r.track, r.ready_to_complete, r.step, r.waiting_on),
    ...(r.handoff ? { handoff: handoffBrief(r.handoff) } : {}),
    ...(ranCommands(r.run) ? { run: await runBrief(store, r.run, failed) } : {}),
    ...(r.recovered.length ? { recovered: r.recovered } : {}),
    ...(r.waiting_on ? { waiting_on: r.waiting_on } : {}),
    ...(r.branch ? { branch: r.branch } : {}),
    ...(r.checkpoint_id ? { checkpoint_id: r.checkpoint_id } : {}),
    ...(r.would ? { would: r.would } : {}),
  };
  try {
    requireStepOk(r, agent);
  } catch (error) {
    if (!(error instanceof TrackError)) throw error;
    // The StepError's hint names `track` commands. Where this report knows the way on (the track
    // is active or paused), an MCP caller gets it as tool calls, plus the tool that reads the logs.
    const mcp = isMcp(face);
    const logs = mcp && report.run ? `; the full output: ${say(face, 'run_logs', { track_id: r.track.track_id, run_id: report.run.run_id })}` : '';
    const own = mcp && (r.track.status === 'active' || r.track.status === 'paused') ? report.next : (error.hintFor(face) ?? report.next);
    const hint = `${own}${logs}`;
    throw new StepError(error.message, hint, { ...error.details, run: report.run, next: report.next });
  }
  return report;
}

/** The report of closing a step (complete, fail, skip, approve, release, reset). */
export async function closeReport(store: StorePort, r: CloseResult, face: Face, agent?: string): Promise<StepReport> {
  return {
    ...base(face, { agent, activeElsewhere: r.active_elsewhere }, r.action, r.track, r.ready_to_complete, r.step),
    ...(ranCommands(r.run) ? { run: await runBrief(store, r.run, r.action === 'fail') } : {}),
  };
}
