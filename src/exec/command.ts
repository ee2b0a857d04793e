/**
 * Runs one command string from a plan: `/bin/sh -c <the plan's own command>` in the project
 * directory. Its output goes straight into the run's log files (they are its stdout and stderr),
 * so a command outlives the process that started it without dying of a broken pipe at its next
 * line of output; the caller is streamed what the logs gain. Nothing the user types at run time is
 * spliced into the command; step inputs reach it as environment variables.
 */
import { spawn } from 'node:child_process';
import { fstatSync, readSync } from 'node:fs';
import { io, isErrno } from '../store/file/fs-seam.js';
import type { RunLog } from '../store/port.js';

export type OutputStream = 'stdout' | 'stderr';

export interface CommandObserver {
  onOutput?: ((chunk: string, stream: OutputStream) => void) | undefined;
  onProgress?: ((progress: { step_id: string; attempt: number; elapsed_ms: number; task?: string | undefined }) => void) | undefined;
}

export interface CommandRequest {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number | null;
  logs: { stdout: RunLog; stderr: RunLog };
  observer: CommandObserver;
  progress: { step_id: string; attempt: number; task?: string | undefined };
  /**
   * Pass SIGINT/SIGTERM/SIGHUP on to the command while it runs (its own process group does not get
   * the terminal's Ctrl-C or hang-up); the attempt is then recorded as interrupted unless the command
   * still exits 0. A command that ignores the signal is killed after INTERRUPT_GRACE_MS, or at a
   * second signal. The CLI sets it; a server uses `stop` instead.
   */
  forwardSignals?: boolean | undefined;
  /** Aborted (its reason a signal name): the command is stopped as if that signal had been forwarded. */
  stop?: AbortSignal | undefined;
  /**
   * Where the command's wrapper shell records how the command ended (`{ pid, exit_code }`, mode
   * 0600), so the result outlives this process: a later `next` applies it if this one is gone.
   */
  exitFile?: string | undefined;
  /** Called once the command's process (the leader of its own process group) exists. */
  onSpawn?: ((pid: number) => void) | undefined;
}

export interface CommandResult {
  exit_code: number | null;
  signal?: string | undefined;
  timed_out: boolean;
  /** The signal this process received and passed on to the command (the user interrupted it). */
  interrupted_by?: NodeJS.Signals | undefined;
  duration_ms: number;
  started_at: string;
  ended_at: string;
}

/**
 * The wrapper shell, leader of the command's process group. The command starts only after its
 * process is recorded (CommandRequest.onSpawn): the wrapper first reads a line this process writes
 * once the record is made; if this process dies before, the read sees end of file and the command
 * never starts, so no command ever runs unrecorded. It then runs the command (`$0`, stdin from
 * /dev/null) and waits for it whatever happens to this process, and writes how it ended to `$1`
 * with builtins only (nothing it starts can be caught by a signal to the group mid-write). The
 * trap lets it outlive a signal sent to the whole group, so that a command that still exits 0 is
 * recorded as such; it then ends the way the command did, so a signal is reported as a signal.
 */
const GATE = [
  'read -r _ || exit 1',
  'trap : HUP INT TERM',
  '/bin/sh -c "$0" </dev/null',
  's=$?',
  `if [ -n "$1" ]; then umask 077; printf '{"pid":%d,"exit_code":%d}\n' $$ "$s" >"$1"; fi`,
  'case $s in 129|130|137|143) trap - HUP INT TERM; kill -$((s - 128)) $$ ;; esac',
  'exit $s',
].join('\n');

const PROGRESS_EVERY_MS = 1_000;
/** How often the logs are read for what the command wrote, when someone follows its output. */
const FOLLOW_EVERY_MS = 50;
const FOLLOW_CHUNK = 64 * 1024;

/** Hands `onOutput` what a log gained since the last call, whole UTF-8 characters only. */
function follower(log: RunLog, stream: OutputStream, onOutput: NonNullable<CommandObserver['onOutput']>): () => void {
  let position = fstatSync(log.fd).size;
  const decoder = new TextDecoder('utf-8');
  const buffer = Buffer.alloc(FOLLOW_CHUNK);
  return () => {
    for (;;) {
      const n = readSync(log.fd, buffer, 0, FOLLOW_CHUNK, position);
      if (n <= 0) return;
      position += n;
      const text = decoder.decode(buffer.subarray(0, n), { stream: true });
      if (text) onOutput(text, stream);
    }
  };
}
const KILL_GRACE_MS = 2_000;
/** How long a command may take to stop after a forwarded signal (or a stop) before its process group is killed. */
export const INTERRUPT_GRACE_MS = 5_000;
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function runCommand(request: CommandRequest): Promise<CommandResult> {
  // A record left by an earlier command of this run must never be taken for this one's.
  if (request.exitFile) removeIfPresent(request.exitFile);
  const started = Date.now();
  const started_at = new Date(started).toISOString();
  return new Promise((resolve) => {
    let childPid: number | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (childPid) process.kill(-childPid, signal);
      } catch {
        /* already gone */
      }
    };
    let interruptedBy: NodeJS.Signals | undefined;
    let escalation: NodeJS.Timeout | undefined;
    // The first signal is passed on; a command that ignores it is killed after a grace period, or at once on a second signal.
    const forward = (signal: NodeJS.Signals) => {
      if (interruptedBy) {
        killGroup('SIGKILL');
        return;
      }
      interruptedBy = signal;
      killGroup(signal);
      escalation = setTimeout(() => killGroup('SIGKILL'), INTERRUPT_GRACE_MS);
    };
    // Listen before spawning: a signal that arrives while the command starts is still forwarded.
    if (request.forwardSignals) for (const signal of FORWARDED) process.on(signal, forward);
    const stop = () => forward(stopSignal(request.stop?.reason));
    if (request.stop?.aborted) stop();
    else request.stop?.addEventListener('abort', stop, { once: true });
    // Own process group (the child's pid is its id), so a timeout stops the whole tree the command started,
    // and a later `next` can find and stop that tree if this process is killed (see process-group.ts).
    const { onOutput } = request.observer;
    const follow = onOutput ? [follower(request.logs.stdout, 'stdout', onOutput), follower(request.logs.stderr, 'stderr', onOutput)] : [];
    const child = spawn('/bin/sh', ['-c', GATE, request.command, request.exitFile ?? ''], {
      cwd: request.cwd,
      env: { ...process.env, ...request.env },
      stdio: ['pipe', request.logs.stdout.fd, request.logs.stderr.fd],
      detached: true,
    });
    childPid = child.pid;
    let open = childPid !== undefined;
    if (childPid) {
      try {
        request.onSpawn?.(childPid);
      } catch (error) {
        open = false;
        request.logs.stderr.write(`track: the command was not started: its process could not be recorded: ${(error as Error).message}\n`);
      }
    }
    child.stdin?.on('error', () => undefined); // the shell is gone before the gate opened: its exit is reported below
    // Interrupted before it started: the command never starts.
    child.stdin?.end(open && !interruptedBy ? '\n' : '');
    if (interruptedBy) killGroup(interruptedBy);
    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    if (request.timeoutMs !== null) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          killGroup('SIGTERM');
          timers.push(setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS));
        }, request.timeoutMs),
      );
    }
    const ticker = setInterval(() => request.observer.onProgress?.({ ...request.progress, elapsed_ms: Date.now() - started }), PROGRESS_EVERY_MS);
    const drain = () => {
      for (const read of follow) read();
    };
    const following = follow.length ? setInterval(drain, FOLLOW_EVERY_MS) : undefined;
    let finished = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      clearTimeout(escalation);
      clearInterval(ticker);
      clearInterval(following);
      for (const signal of FORWARDED) process.off(signal, forward);
      request.stop?.removeEventListener('abort', stop);
      if (error) request.logs.stderr.write(`track: could not start the command: ${error.message}\n`);
      drain();
      const ended = Date.now();
      resolve({
        exit_code: error ? 127 : code,
        ...(signal ? { signal } : {}),
        timed_out: timedOut,
        // A command that finished its work although interrupted succeeded: its result is recorded, never thrown away.
        ...(interruptedBy && !(code === 0 && !timedOut && !error) ? { interrupted_by: interruptedBy } : {}),
        duration_ms: ended - started,
        started_at,
        ended_at: new Date(ended).toISOString(),
      });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

const stopSignal = (reason: unknown): NodeJS.Signals => (typeof reason === 'string' && /^SIG[A-Z]+$/.test(reason) ? (reason as NodeJS.Signals) : 'SIGTERM');

function removeIfPresent(path: string): void {
  try {
    io.unlinkSync(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

export const succeeded = (r: CommandResult): boolean => r.exit_code === 0 && !r.timed_out;
