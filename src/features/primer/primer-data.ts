/**
 * The fresh-session primer as data: everything an agent that knows nothing needs to resume a track.
 * Pure over a reader: no git subprocess (pass `git` in), no checkpoint validation beyond parsing.
 */

import { compareCodePoints } from '../../core/compare.js';
import { type Face, say } from '../../core/face-commands.js';
import { parseJsonText } from '../../core/json.js';
import { isAgentAction } from '../../core/plan.js';
import { type ResolvedInput, resolveInputs } from '../../core/plan-handoff.js';
import type { Assumption, Decision, Learning, Run, Step, Track } from '../../core/schema.js';
import type { StoreReader } from '../../store/port.js';
import type { GitChanges } from '../checkpoints/git-state.js';
import { ARTIFACTS, ASSUMPTIONS, DECISIONS, LEARNINGS, readContextDoc } from '../notes/notes-docs.js';
import { handedOut, waitingTask } from '../plan/step-handout.js';

export type PrimerFormat = 'md' | 'json';

export interface PrimerOptions {
  format?: PrimerFormat | undefined;
  /** Upper bound in tokens (≈ characters / 4). The goal and the current step are never dropped. */
  budget?: number | undefined;
  /** What changed in git since the last checkpoint, collected by the caller outside any lock. */
  git?: GitChanges | null | undefined;
  /** Whose terms the commands in the primer use: `track` command lines (default) or MCP tool calls. */
  face?: Face | undefined;
}

/** Who holds the current step and, when it waits on them, the exact commands that close it. */
export interface PrimerClaim {
  holder: string;
  claimed_at: string;
  /** True when the step waits on its holder (an agent step, or a workflow stopped at an agent task). */
  handed_out: boolean;
  /** How to close it, e.g. "run `track step complete --step-id build --agent claude`". */
  complete?: string | undefined;
  /** How to give it back, e.g. "run `track step release --step-id build --agent claude`". */
  release?: string | undefined;
}

export interface PrimerStep {
  step_id: string;
  name: string;
  type: string;
  status: string;
  description?: string | undefined;
  action: Step['action'];
  success_criteria?: string[] | undefined;
  claim?: PrimerClaim | undefined;
  /** The workflow task the step waits at, handed to an agent: its name, agent and instructions, as `next` handed it out. */
  task?: { name: string; agent?: string | undefined; instructions?: string | undefined } | undefined;
  /** The step's inputs, resolved from earlier steps' outputs as `next` hands them out. */
  inputs?: ResolvedInput[] | undefined;
  /** Why a failed step failed: its notes and its last run's error. */
  failure?: { notes?: string | undefined; run_id?: string | undefined; error?: string | undefined } | undefined;
}

/** A finished step with what it produced. */
export interface DoneStep {
  step_id: string;
  name: string;
  status: 'completed' | 'skipped';
  completed_at?: string | undefined;
  outputs?: Record<string, string> | undefined;
  notes?: string | undefined;
}

export interface Primer {
  track: Pick<Track, 'track_id' | 'name' | 'type' | 'priority' | 'status' | 'description'>;
  goal: string;
  success_criteria: string[];
  progress: { completed_steps: number; total_steps: number; percentage: number };
  current_step: PrimerStep | null;
  next_steps: Pick<Step, 'step_id' | 'name' | 'type' | 'status'>[];
  /** Completed and skipped steps, newest first, with their outputs and notes. */
  done_steps: DoneStep[];
  decisions: Decision[];
  open_assumptions: Assumption[];
  learnings: Learning[];
  artifacts: { name: string; size: number; sha256: string; added_at: string }[];
  last_checkpoint: { checkpoint_id: string; kind: string; created_at: string; reason?: string; git?: unknown } | null;
  git: GitChanges | null;
  next_action: string;
  /** How many items of each kind were left out (defaults or budget); the listing commands show all. */
  omitted: Record<string, number>;
}

const DEFAULT_CAP = { decisions: 20, learnings: 20, open_assumptions: 50, artifacts: 50, next_steps: 5, done_steps: 10 } as const;
/** Newest first; items written in the same instant keep their document order (later = newer). */
const newestFirst = <T extends { created_at?: string | undefined; added_at?: string | undefined; completed_at?: string | undefined }>(items: T[]): T[] => {
  const when = (x: T) => x.created_at ?? x.added_at ?? x.completed_at ?? '';
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => compareCodePoints(when(b.item), when(a.item)) || b.index - a.index)
    .map((x) => x.item);
};

/** The last checkpoint's header, parsed without validating the (possibly large) body. */
export async function lastCheckpointHeader(reader: StoreReader, trackId: string, face: Face = 'cli'): Promise<Primer['last_checkpoint']> {
  const ids = await reader.listCheckpoints(trackId);
  const last = ids[ids.length - 1];
  if (!last) return null;
  let c: Record<string, unknown>;
  try {
    const text = await reader.readCheckpointText(trackId, last);
    if (text === null) return null;
    c = parseJsonText(text, last) as Record<string, unknown>;
  } catch {
    // A damaged checkpoint must not hide the rest of the primer; verify says what is wrong.
    return { checkpoint_id: last, kind: 'unreadable', created_at: '', reason: say(face, 'checkpoint_verify', { checkpoint_id: last }) };
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    checkpoint_id: last,
    kind: str(c.kind),
    created_at: str(c.created_at),
    ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
    ...(c.git ? { git: c.git } : {}),
  };
}

async function claimOf(reader: StoreReader, track: Track, step: Step, face: Face): Promise<PrimerClaim | undefined> {
  if (!step.claim || step.status !== 'in-progress') return undefined;
  const { holder, claimed_at } = step.claim;
  if (!(await handedOut(reader, track, step))) return { holder, claimed_at, handed_out: false };
  const args = { step_id: step.step_id, agent: holder };
  return {
    holder,
    claimed_at,
    handed_out: true,
    complete: say(face, step.action.type === 'approval' ? 'step_approve' : 'step_complete', args),
    release: say(face, 'step_release', args),
  };
}

async function taskOf(reader: StoreReader, track: Track, step: Step): Promise<PrimerStep['task']> {
  let task: Awaited<ReturnType<typeof waitingTask>>;
  try {
    task = await waitingTask(reader, track, step);
  } catch {
    return undefined; // a damaged run record must not hide the rest of the primer; doctor reports it
  }
  return task && { name: task.name, ...(task.agent ? { agent: task.agent } : {}), ...(task.instructions ? { instructions: task.instructions } : {}) };
}

async function failureOf(reader: StoreReader, track: Track, step: Step): Promise<PrimerStep['failure']> {
  if (step.status !== 'failed') return undefined;
  let run: Run | null = null;
  try {
    run = step.last_run_id ? await reader.findRun(track.track_id, step.last_run_id) : null;
  } catch {
    // A damaged run record must not hide the rest of the primer; doctor reports it.
  }
  return { ...(step.notes ? { notes: step.notes } : {}), ...(run ? { run_id: run.run_id } : {}), ...(run?.error ? { error: run.error } : {}) };
}

/** The active track's id; null when none is, or the head cannot be read (the primer is still worth showing). */
async function activeTrackId(reader: StoreReader): Promise<string | null> {
  try {
    return (await reader.head()).active_track_id;
  } catch {
    return null;
  }
}

/** `activeId`: the active track; when it is another one, a paused track is gone back to with a switch (resume would be refused). */
function nextAction(track: Track, current: PrimerStep | null, face: Face, activeId: string | null): string {
  const id = { track_id: track.track_id };
  if (track.status === 'paused' && activeId && activeId !== track.track_id) return `the track is paused: ${say(face, 'switch', { to: track.track_id })} first`;
  if (track.status === 'paused') return `the track is paused: ${say(face, 'resume', id)} first`;
  if (track.status === 'draft' || track.status === 'ready') return `the track is not active: ${say(face, 'activate', id)}`;
  if (['completed', 'failed', 'cancelled', 'archived'].includes(track.status)) return `the track is ${track.status}; nothing to resume`;
  if (!current)
    return track.steps.length ? `every step is done: check the success criteria, then ${say(face, 'complete', id)}` : 'the track has no plan yet: add steps';
  if (current.status === 'failed') {
    const step = { step_id: current.step_id };
    const why = isAgentAction(current.action.type) ? '' : ` read why (${say(face, 'run_logs', step)}),`;
    return `step ${current.step_id} (${current.name}) failed:${why} fix the cause, then ${say(face, 'step_reset', step)} and ${say(face, 'next')}`;
  }
  if (current.claim?.handed_out) return `continue step ${current.step_id} (${current.name}), claimed by ${current.claim.holder}`;
  return `continue step ${current.step_id} (${current.name})`;
}

function doneSteps(steps: Step[]): DoneStep[] {
  const done = steps.filter((s): s is Step & { status: DoneStep['status'] } => s.status === 'completed' || s.status === 'skipped');
  return newestFirst(
    done.map((s) => ({
      step_id: s.step_id,
      name: s.name,
      status: s.status,
      ...(s.completed_at ? { completed_at: s.completed_at } : {}),
      ...(s.outputs && Object.keys(s.outputs).length ? { outputs: s.outputs } : {}),
      ...(s.notes ? { notes: s.notes } : {}),
    })),
  );
}

export async function buildPrimer(reader: StoreReader, trackId: string, git: GitChanges | null = null, face: Face = 'cli'): Promise<Primer> {
  const track = await reader.getTrack(trackId);
  const ordered = [...track.steps].sort((a, b) => a.order - b.order);
  const step = ordered.find((s) => s.step_id === track.progress.current_step_id) ?? null;
  const claim = step ? await claimOf(reader, track, step, face) : undefined;
  const failure = step ? await failureOf(reader, track, step) : undefined;
  const task = step ? await taskOf(reader, track, step) : undefined;
  const inputs = step ? resolveInputs(step, track.steps) : [];
  const current: PrimerStep | null = step
    ? {
        step_id: step.step_id,
        name: step.name,
        type: step.type,
        status: step.status,
        ...(step.description ? { description: step.description } : {}),
        action: step.action,
        ...(step.success_criteria?.length ? { success_criteria: step.success_criteria } : {}),
        ...(claim ? { claim } : {}),
        ...(task ? { task } : {}),
        ...(inputs.length ? { inputs } : {}),
        ...(failure ? { failure } : {}),
      }
    : null;
  const pending = ordered.filter((s) => s !== step && (s.status === 'pending' || s.status === 'in-progress' || s.status === 'failed'));
  const decisions = newestFirst((await readContextDoc(reader, trackId, DECISIONS)).items.filter((d) => d.status === 'active'));
  const open = (await readContextDoc(reader, trackId, ASSUMPTIONS)).items.filter((a) => a.status === 'open');
  const learnings = newestFirst((await readContextDoc(reader, trackId, LEARNINGS)).items);
  const artifacts = newestFirst((await readContextDoc(reader, trackId, ARTIFACTS)).items);
  const omitted: Record<string, number> = {};
  const cap = <T>(key: keyof typeof DEFAULT_CAP, items: T[]): T[] => {
    if (items.length > DEFAULT_CAP[key]) omitted[key] = items.length - DEFAULT_CAP[key];
    return items.slice(0, DEFAULT_CAP[key]);
  };
  return {
    track: {
      track_id: track.track_id,
      name: track.name,
      type: track.type,
      priority: track.priority,
      status: track.status,
      ...(track.description ? { description: track.description } : {}),
    },
    goal: track.context.goal,
    success_criteria: track.context.success_criteria,
    progress: { completed_steps: track.progress.completed_steps, total_steps: track.progress.total_steps, percentage: track.progress.percentage },
    current_step: current,
    next_steps: cap(
      'next_steps',
      pending.map((s) => ({ step_id: s.step_id, name: s.name, type: s.type, status: s.status })),
    ),
    done_steps: cap('done_steps', doneSteps(ordered)),
    decisions: cap('decisions', decisions),
    open_assumptions: cap('open_assumptions', newestFirst(open)),
    learnings: cap('learnings', learnings),
    artifacts: cap(
      'artifacts',
      artifacts.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256, added_at: a.added_at })),
    ),
    last_checkpoint: await lastCheckpointHeader(reader, trackId, face),
    git,
    next_action: nextAction(track, current, face, track.status === 'paused' ? await activeTrackId(reader) : null),
    omitted,
  };
}
