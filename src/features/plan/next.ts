/**
 * `next` and `step`: pick a step and run it. Three phases so the lock is never held while a
 * command runs: claim (one transaction) → execute (no lock) → record (one transaction per attempt).
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { TrackError } from '../../core/errors.js';
import { isAgentAction } from '../../core/plan.js';
import { resolveInputs } from '../../core/plan-handoff.js';
import { timeoutMs } from '../../core/plan-retry.js';
import type { Step, Track } from '../../core/schema.js';
import { type CommandRef, shortCommand } from '../../core/trust.js';
import { runAttempt } from '../../exec/attempt.js';
import type { CommandObserver } from '../../exec/command.js';
import { stopGroup } from '../../exec/process-group.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { currentBootId, processStartTime } from '../../store/process-identity.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { agentName } from './agent-name.js';
import { findStep } from './plan.js';
import { endRetries, interruptRetries, recordAttempt } from './step-record.js';
import { findOrphans, type StoppedCommand } from './step-recovery.js';
import { beginStep, handoffOf, type NextResult, planNext, type Started } from './step-start.js';
import { assertTrusted, stepCommands, untrustedCommands } from './step-trust.js';
import { workflowTasks } from './workflows.js';

export interface NextOptions extends CommandObserver {
  track_id?: string | undefined;
  /** Run this step (`track step --step-id X`) instead of the next runnable one. */
  step_id?: string | undefined;
  agent?: string | undefined;
  /** Describe what would happen; nothing is written or executed. */
  dry_run?: boolean | undefined;
  /** Forward SIGINT/SIGTERM/SIGHUP to a running command (the CLI does; see CommandRequest.forwardSignals). */
  forwardSignals?: boolean | undefined;
  /**
   * Aborted with a signal name when the caller must stop (a server asked to exit): the running
   * command is stopped and recorded as interrupted, and no further attempt starts.
   */
  stop?: AbortSignal | undefined;
  /** Called once the step is claimed (and its pre-step checkpoint written), before its command runs. */
  onBegin?: ((started: Started) => void) | undefined;
}

const untrustedLine = (c: CommandRef): string => `${c.step_id}${c.task !== undefined ? ` task '${c.task}'` : ''}: ${shortCommand(c.command)}`;

const envName = (name: string): string => `TRACK_INPUT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

function commandEnv(track: Track, step: Step, started: Started, runDir: string, attempt: number): Record<string, string> {
  const env: Record<string, string> = {
    TRACK_ID: track.track_id,
    TRACK_STEP_ID: step.step_id,
    TRACK_RUN_ID: started.run_id,
    TRACK_RUN_DIR: runDir,
    TRACK_ATTEMPT: String(attempt),
  };
  for (const input of resolveInputs(step, track.steps)) if (input.value !== null) env[envName(input.name)] = input.value;
  return env;
}

async function execute(store: StorePort, started: Started, options: NextOptions): Promise<NextResult> {
  const { stop } = options;
  const output = await store.openRunOutput(started.track_id, started.run_id);
  const logs = { stdout: output.openLog('stdout.log'), stderr: output.openLog('stderr.log') };
  try {
    let retrying: string | undefined;
    for (;;) {
      const { track, run, trusted } = await store.read(async (r) => ({
        track: await r.getTrack(started.track_id),
        run: await r.findRun(started.track_id, started.run_id),
        trusted: await r.trustedCommands(),
      }));
      if (retrying !== undefined && track.status !== 'active') return await store.transaction((tx) => endRetries(tx, started, retrying as string));
      if (retrying !== undefined && stop?.aborted) return await store.transaction((tx) => interruptRetries(tx, started, String(stop.reason)));
      const step = findStep(track, started.step_id);
      const attempt = (step.attempts ?? 0) + 1;
      let outcome: Awaited<ReturnType<typeof runAttempt>>;
      try {
        const workflow =
          step.action.type === 'run-workflow' ? { tasks: await workflowTasks(store, step), from: run?.next_task ?? 0, records: run?.tasks ?? [] } : undefined;
        // The exact text about to run is checked again: a pull may have changed it since the step was claimed.
        if (trusted) assertTrusted(stepCommands(track.track_id, step, workflow?.tasks).filter((c) => !trusted.has(c.sha256)));
        outcome = await runAttempt({
          step,
          attempt,
          cwd: store.projectDir,
          env: commandEnv(track, step, started, output.dir, attempt),
          timeoutMs: timeoutMs(step),
          logs,
          observer: options,
          forwardSignals: options.forwardSignals === true,
          stop,
          exitFile: output.exitFile,
          workflow,
          onSpawn: (pid, task) =>
            output.recordCommand({
              pid,
              host: hostname(),
              boot_id: currentBootId(),
              start_time: processStartTime(pid),
              attempt,
              ...(task ? { task } : {}),
              started_at: new Date().toISOString(),
            }),
        });
      } catch (error) {
        if (!(error instanceof TrackError)) throw error;
        outcome = { ok: false, records: [], timed_out: false, error: error.message };
      }
      const recorded = await store.transaction((tx) => recordAttempt(tx, started, outcome));
      if ('result' in recorded) return recorded.result;
      retrying = outcome.error ?? 'the step failed';
      options.onProgress?.({ step_id: started.step_id, attempt: recorded.attempt, elapsed_ms: 0 });
      await sleep(recorded.retryInMs, undefined, { signal: stop }).catch(() => undefined);
    }
  } finally {
    logs.stdout.close();
    logs.stderr.close();
  }
}

/**
 * Stops the commands that runners which died (SIGKILL, a crash) left running on the track, before
 * their steps are recovered: a step is never started again beside its own orphaned command. Runs
 * without the lock; only runs whose runner is provably gone are touched.
 */
async function stopOrphans(store: StorePort, trackId: string | undefined): Promise<StoppedCommand[]> {
  const orphans = await store.read(async (reader) => {
    const track = await resolveTrack(reader, trackId, { needsActive: true });
    return track.status === 'active' ? findOrphans(reader, track) : [];
  });
  const stopped: StoppedCommand[] = [];
  for (const { run_id, command } of orphans) {
    const result = await stopGroup(command);
    if (result.stopped) stopped.push({ run_id, pid: command.pid, start_time: command.start_time, signal: result.signal });
  }
  return stopped;
}

async function dryRun(store: StorePort, options: NextOptions, agent: string): Promise<NextResult> {
  return store.read(async (reader): Promise<NextResult> => {
    const orphans = await findOrphans(reader, await resolveTrack(reader, options.track_id, { needsActive: true }));
    const wouldStop: StoppedCommand[] = orphans.map((o) => ({ run_id: o.run_id, pid: o.command.pid, start_time: o.command.start_time, signal: 'SIGTERM' }));
    const plan = await planNext(reader, new Date().toISOString(), options, agent, wouldStop);
    const base = { kind: 'dry-run' as const, track: plan.track, recovered: plan.recovered, ready_to_complete: false };
    const sel = plan.selection;
    if (sel.kind === 'held')
      return { ...base, step: sel.step, would: { do: 'hand back the step you hold', handoff: await handoffOf(reader, plan.track, sel.step) } };
    if (sel.kind === 'waiting') return { ...base, waiting_on: sel.waiting_on, would: { do: 'nothing: no step is runnable' } };
    if (sel.kind === 'all-done') {
      return { ...base, would: { do: plan.track.execution.auto_advance ? 'complete the track (auto_advance)' : 'report the track ready to complete' } };
    }
    const step = sel.step;
    const a = step.action;
    const untrusted = await untrustedCommands(store, reader, plan.track, step);
    const refusal = untrusted.length
      ? {
          do: `refuse: ${untrusted.length} command(s) not approved in this clone; approve with: track trust ${plan.track.track_id}`,
          untrusted: untrusted.map(untrustedLine),
        }
      : {};
    const what = isAgentAction(a.type)
      ? `hand the step to ${agent}`
      : a.type === 'run-workflow'
        ? `run workflow '${a.workflow ?? 'inline'}'`
        : a.command
          ? `run: ${a.command}`
          : 'choose a branch';
    return {
      ...base,
      step,
      would: {
        do: what,
        action_type: a.type,
        ...(a.command ? { command: a.command, cwd: store.projectDir } : {}),
        ...(a.tasks ? { tasks: a.tasks } : {}),
        checkpoint: plan.track.execution.checkpoint_frequency === 'per-step',
        timeout_minutes: step.timing?.timeout_minutes ?? null,
        max_attempts: step.retry?.max_attempts ?? 1,
        ...refusal,
      },
    };
  });
}

/** Runs the next runnable step of the active (or given) track, or the chosen one. */
export async function nextStep(store: StorePort, options: NextOptions = {}): Promise<NextResult> {
  const agent = agentName(options.agent);
  if (options.dry_run) return dryRun(store, options, agent);
  const stopped = await stopOrphans(store, options.track_id);
  const gate = (tx: StoreReader) => async (track: Track, step: Step) => assertTrusted(await untrustedCommands(store, tx, track, step));
  const begun = await store.transaction((tx) => beginStep(tx, options, agent, stopped, gate(tx)));
  if ('done' in begun) return begun.done;
  options.onBegin?.(begun.started);
  const result = await execute(store, begun.started, options);
  if (result.track.status !== 'paused') return result;
  // Paused while its step ran: whether another track took its place decides how to go on (switch, not resume).
  const active = (await store.read((reader) => reader.head())).active_track_id;
  return active && active !== result.track.track_id ? { ...result, active_elsewhere: active } : result;
}
