/**
 * The result a command's wrapper recorded (`command-exit.json`, see exec/command.ts), applied after
 * the runner that started the command died, as that runner would have applied it. A command that
 * succeeded is never run again; a workflow goes on from where it was cut.
 */
import { maxAttempts } from '../../core/plan-retry.js';
import type { CommandProcess, Run, RunAttempt, RunTaskRecord, Step, Track } from '../../core/schema.js';
import type { StoreReader } from '../../store/port.js';
import { applyBranch } from './step-branch.js';
import { replaceStep, withoutClaim } from './step-policy.js';

/** Exit statuses of a command killed by SIGHUP, SIGINT, SIGKILL or SIGTERM: stopped from outside, not failed. */
const KILLED = new Set([129, 130, 137, 143]);

/** How a run's last command ended, as far as it can be told without its runner. */
export interface CommandEnd {
  command: CommandProcess;
  /**
   * The recorded exit status when it is the command's own result: 0 always (it finished its work,
   * even as it was being stopped); another status only when the command ended on its own, not
   * stopped or killed by a signal. Null: no such result (the command was interrupted).
   */
  exit: number | null;
}

/** What a run's last command recorded; null when the run never started one, or its runner recorded it already. */
export async function commandEnd(reader: StoreReader, track: Track, run: Run, stopped: boolean): Promise<CommandEnd | null> {
  const command = await reader.readCommand(track.track_id, run.run_id);
  if (!command) return null;
  if (run.attempts.some((a) => a.attempt === command.attempt && a.task === command.task)) return null;
  const ended = await reader.readCommandExit(track.track_id, run.run_id);
  const own = ended !== null && ended.pid === command.pid && (ended.exit_code === 0 || (!stopped && !KILLED.has(ended.exit_code)));
  return { command, exit: own ? ended.exit_code : null };
}

export interface ExitApplied {
  track: Track;
  run: Run;
  outcome: 'retry' | 'completed' | 'failed';
  /** The workflow task the step goes on from. */
  continues_at?: string | undefined;
}

const GONE = 'after the process running it was gone';

function withAttempt(run: Run, end: CommandEnd, exit: number): Run {
  const attempt: RunAttempt = {
    attempt: end.command.attempt,
    ...(end.command.task ? { task: end.command.task } : {}),
    started_at: end.command.started_at,
    exit_code: exit,
  };
  const copy: Run = { ...run, attempts: [...run.attempts, attempt] };
  delete copy.owner;
  return copy;
}

/**
 * A failed attempt: retried while attempts remain (the step pending again), else the step fails.
 * A workflow's run is kept `interrupted` for the retry to go on in it (from the failed task).
 */
function failedAttempt(track: Track, step: Step, run: Run, attempt: number, error: string, at: string): ExitApplied {
  if (attempt < maxAttempts(step)) {
    const status = step.action.type === 'run-workflow' ? 'interrupted' : 'failed';
    return {
      track: replaceStep(track, { ...withoutClaim(step), status: 'pending', attempts: attempt }),
      run: { ...run, status, ended_at: at, error },
      outcome: 'retry',
    };
  }
  return {
    track: replaceStep(track, { ...withoutClaim(step), status: 'failed', attempts: attempt }),
    run: { ...run, status: 'failed', ended_at: at, error },
    outcome: 'failed',
  };
}

/** A run-command or conditional-branch step: exit 0 (any status, for a branch) completes it; another status is a failed attempt. */
export function applyCommandExit(track: Track, step: Step, run: Run, end: CommandEnd & { exit: number }, at: string): ExitApplied {
  const ran = withAttempt(run, end, end.exit);
  const attempt = end.command.attempt;
  if (step.action.type !== 'conditional-branch' && end.exit !== 0) {
    return failedAttempt(track, step, ran, attempt, `the command exited with code ${end.exit} ${GONE}`, at);
  }
  const outputs: Record<string, string> = { ...step.outputs, exit_code: String(end.exit) };
  const finished: Run = { ...ran, status: 'succeeded', ended_at: at, outputs };
  let next = track;
  if (step.action.type === 'conditional-branch') {
    const chosen = applyBranch(track, step, end.exit);
    next = chosen.track;
    outputs.branch = chosen.label;
    const when = chosen.index >= 0 ? step.action.branches?.[chosen.index]?.when : undefined;
    if (when) finished.branch = { index: chosen.index, when, label: chosen.label };
  }
  const done: Step = { ...withoutClaim(step), status: 'completed', completed_at: at, attempts: attempt, outputs };
  return { track: replaceStep(next, done), run: finished, outcome: 'completed' };
}

/**
 * Where a workflow cut short stands: every command task before the one its last command ran has
 * succeeded (tasks run in order and stop at the first failure). Null when the task is not found
 * (a workflow file whose tasks the run never recorded).
 */
export function workflowProgress(step: Step, run: Run, command: CommandProcess): { tasks: RunTaskRecord[]; index: number } | null {
  const defs = step.action.tasks;
  const names = defs?.map((t) => t.name) ?? run.tasks?.map((t) => t.name);
  const index = names && command.task ? names.indexOf(command.task) : -1;
  if (!names || index < 0) return null;
  const tasks = names.map((name, i): RunTaskRecord => {
    const def = defs?.[i];
    const known: RunTaskRecord = run.tasks?.[i] ?? {
      index: i,
      name,
      kind: def?.command ? 'command' : 'agent',
      status: 'pending',
      ...(def?.agent ? { agent: def.agent } : {}),
      ...(def?.instructions ? { instructions: def.instructions } : {}),
    };
    return i < index && known.kind === 'command' ? { ...known, status: 'succeeded', exit_code: 0 } : known;
  });
  return { tasks, index };
}

/**
 * A run-workflow step: the task's exit 0 moves the workflow on (the step completes after its last
 * task; otherwise this `next` goes on from the following task, in the same run and attempt); another
 * status is a failed attempt, retried from that task.
 */
export function applyWorkflowExit(track: Track, step: Step, run: Run, end: CommandEnd & { exit: number }, at: string): ExitApplied | null {
  const progress = workflowProgress(step, run, end.command);
  if (!progress) return null;
  const { tasks, index } = progress;
  const task = tasks[index] as RunTaskRecord;
  tasks[index] = { ...task, status: end.exit === 0 ? 'succeeded' : 'failed', exit_code: end.exit };
  const ran: Run = { ...withAttempt(run, end, end.exit), tasks };
  const attempt = end.command.attempt;
  if (end.exit !== 0) return failedAttempt(track, step, { ...ran, next_task: index }, attempt, `task '${task.name}' exited with code ${end.exit} ${GONE}`, at);
  const next = tasks[index + 1];
  if (!next) {
    const outputs = { ...step.outputs, exit_code: '0' };
    const done: Step = { ...withoutClaim(step), status: 'completed', completed_at: at, attempts: attempt, outputs };
    return { track: replaceStep(track, done), run: { ...ran, next_task: tasks.length, status: 'succeeded', ended_at: at, outputs }, outcome: 'completed' };
  }
  const cut: Run = {
    ...ran,
    next_task: index + 1,
    status: 'interrupted',
    ended_at: at,
    error: `task '${task.name}' ended ${GONE}; the workflow goes on from task '${next.name}'`,
  };
  // Nothing failed: this `next` goes on with the workflow at once (the cut attempt counts, as any interrupted one).
  return { track: replaceStep(track, { ...withoutClaim(step), status: 'pending', attempts: attempt }), run: cut, outcome: 'retry', continues_at: next.name };
}

/**
 * A workflow interrupted without a result of its own (its command stopped or killed): the run
 * records where it was cut, so that the next attempt goes on from that task, not from the first.
 */
export function interruptedWorkflow(step: Step, run: Run, end: CommandEnd | null): Partial<Run> {
  const progress = end && step.action.type === 'run-workflow' ? workflowProgress(step, run, end.command) : null;
  if (!end || !progress) return {};
  const attempt: RunAttempt = {
    attempt: end.command.attempt,
    ...(end.command.task ? { task: end.command.task } : {}),
    started_at: end.command.started_at,
    exit_code: null,
  };
  return { tasks: progress.tasks, next_task: progress.index, attempts: [...run.attempts, attempt] };
}

/**
 * Whether `next` goes on with a step's previous run instead of starting a new one: a run waiting
 * at an agent task, or a workflow run cut short by an interruption whose attempt is the step's
 * latest (a reset clears the attempts: the workflow then starts over from its first task).
 */
export function continuesRun(step: Step, previous: Run | null): previous is Run {
  if (!previous || step.action.type !== 'run-workflow') return false;
  if (previous.status === 'waiting') return true;
  const last = Math.max(0, ...previous.attempts.map((a) => a.attempt));
  return previous.status === 'interrupted' && previous.next_task !== undefined && (step.attempts ?? 0) > 0 && last === step.attempts;
}
