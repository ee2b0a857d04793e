/** One attempt at an executable step (run-command, run-workflow, conditional-branch), run without the store lock. */
import type { RunAttempt, RunTaskRecord, Step, WorkflowTask } from '../core/schema.js';
import type { RunLog } from '../store/port.js';
import { type CommandObserver, type CommandResult, runCommand, succeeded } from './command.js';

export interface AttemptContext {
  step: Step;
  attempt: number;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number | null;
  logs: { stdout: RunLog; stderr: RunLog };
  observer: CommandObserver;
  forwardSignals?: boolean | undefined;
  /** See CommandRequest.stop and CommandRequest.exitFile. */
  stop?: AbortSignal | undefined;
  exitFile?: string | undefined;
  /** The workflow's tasks (run-workflow only) and where this attempt starts in them. */
  workflow?: { tasks: WorkflowTask[]; from: number; records: RunTaskRecord[] } | undefined;
  /** Called with the pid of each command started (see CommandRequest.onSpawn). */
  onSpawn?: ((pid: number, task?: string) => void) | undefined;
}

export interface AttemptOutcome {
  ok: boolean;
  records: RunAttempt[];
  exit_code?: number | null | undefined;
  timed_out: boolean;
  /** The user interrupted the run (a forwarded SIGINT/SIGTERM/SIGHUP, or a stop): not the step's failure. */
  interrupted_by?: string | undefined;
  error?: string | undefined;
  tasks?: RunTaskRecord[] | undefined;
  next_task?: number | undefined;
  /** Index of the workflow task handed to an agent; the step waits for it. */
  waiting_at?: number | undefined;
}

function record(attempt: number, r: CommandResult, task?: string): RunAttempt {
  return {
    attempt,
    ...(task ? { task } : {}),
    started_at: r.started_at,
    ended_at: r.ended_at,
    exit_code: r.exit_code,
    ...(r.signal ? { signal: r.signal } : {}),
    ...(r.timed_out ? { timed_out: true } : {}),
    duration_ms: r.duration_ms,
  };
}

function describeFailure(r: CommandResult, timeoutMs: number | null, task?: string): string {
  const what = task ? `task '${task}'` : 'the command';
  if (r.timed_out) return `${what} timed out after ${((timeoutMs ?? 0) / 60_000).toFixed(2)} min`;
  if (r.exit_code === null) return `${what} was killed by ${r.signal ?? 'a signal'}`;
  return `${what} exited with code ${r.exit_code}`;
}

async function command(ctx: AttemptContext, text: string, task?: string): Promise<CommandResult> {
  const header = `--- attempt ${ctx.attempt}${task ? ` task '${task}'` : ''} at ${new Date().toISOString()}: ${text.slice(0, 200)}\n`;
  ctx.logs.stdout.write(header);
  ctx.logs.stderr.write(header);
  return runCommand({
    command: text,
    cwd: ctx.cwd,
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
    logs: ctx.logs,
    observer: ctx.observer,
    progress: { step_id: ctx.step.step_id, attempt: ctx.attempt, task },
    forwardSignals: ctx.forwardSignals,
    stop: ctx.stop,
    exitFile: ctx.exitFile,
    onSpawn: ctx.onSpawn && ((pid: number) => ctx.onSpawn?.(pid, task)),
  });
}

async function workflowAttempt(ctx: AttemptContext): Promise<AttemptOutcome> {
  const wf = ctx.workflow;
  if (!wf) return { ok: false, records: [], timed_out: false, error: 'the workflow has no tasks' };
  const tasks: RunTaskRecord[] = wf.tasks.map(
    (t, index) =>
      wf.records[index] ?? {
        index,
        name: t.name,
        kind: t.command ? 'command' : 'agent',
        status: 'pending',
        ...(t.agent ? { agent: t.agent } : {}),
        ...(t.instructions ? { instructions: t.instructions } : {}),
      },
  );
  const records: RunAttempt[] = [];
  for (let index = wf.from; index < wf.tasks.length; index++) {
    const task = wf.tasks[index] as WorkflowTask;
    if (!task.command) {
      tasks[index] = { ...(tasks[index] as RunTaskRecord), status: 'handed-off' };
      return { ok: true, records, tasks, next_task: index, waiting_at: index, timed_out: false };
    }
    const r = await command(ctx, task.command, task.name);
    records.push(record(ctx.attempt, r, task.name));
    const ok = succeeded(r);
    tasks[index] = { ...(tasks[index] as RunTaskRecord), status: ok ? 'succeeded' : r.timed_out ? 'timed-out' : 'failed', exit_code: r.exit_code };
    if (!ok) {
      const error = describeFailure(r, ctx.timeoutMs, task.name);
      return { ok, records, tasks, next_task: index, exit_code: r.exit_code, timed_out: r.timed_out, interrupted_by: r.interrupted_by, error };
    }
  }
  return { ok: true, records, tasks, next_task: wf.tasks.length, timed_out: false, exit_code: 0 };
}

export async function runAttempt(ctx: AttemptContext): Promise<AttemptOutcome> {
  const a = ctx.step.action;
  if (a.type === 'run-workflow') return workflowAttempt(ctx);
  if (!a.command) return { ok: true, records: [], timed_out: false };
  const r = await command(ctx, a.command);
  const ok = succeeded(r);
  // A branch's command is a question: its exit status picks the branch, it is not a failure.
  const passes = a.type === 'conditional-branch' ? !r.timed_out && r.exit_code !== null : ok;
  return {
    ok: passes,
    records: [record(ctx.attempt, r)],
    exit_code: r.exit_code,
    timed_out: r.timed_out,
    interrupted_by: r.interrupted_by,
    ...(passes ? {} : { error: describeFailure(r, ctx.timeoutMs) }),
  };
}
