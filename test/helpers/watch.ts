import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './cli.js';

export interface Line {
  text: string;
  /** When the test read it (ms since the epoch). */
  receivedAt: number;
}

/** A running long-lived `track` command (`watch`, `ui`), its output read line by line as it arrives. */
export interface RunningWatch {
  readonly child: ChildProcess;
  readonly lines: Line[];
  stderr(): string;
  /** Waits until a line (from `from` on) passes `test`; fails after `timeoutMs`. */
  line(test: (line: Line) => boolean, timeoutMs?: number, from?: number): Promise<Line>;
  /** Waits until stderr holds `text` `times` times. */
  said(text: string, times?: number, timeoutMs?: number): Promise<void>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const startWatch = (args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): RunningWatch => startTrack(['watch', ...args], options);

export function startTrack(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): RunningWatch {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.TRACK_MANAGER_ROOT;
  delete env.TRACK_LANE;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Line[] = [];
  let partial = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const receivedAt = Date.now();
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ text, receivedAt });
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const count = (text: string): number => errors.split(text).length - 1;
  return {
    child,
    lines,
    exited,
    stderr: () => errors,
    async line(test, timeoutMs = 10_000, from = 0) {
      let found: Line | undefined;
      await until(
        () => {
          found = lines.slice(from).find(test);
          return found !== undefined;
        },
        timeoutMs,
        () => `a line from track ${args[0]} (got ${JSON.stringify(lines.map((l) => l.text))}, stderr ${JSON.stringify(errors)})`,
      );
      return found as Line;
    },
    async said(text, times = 1, timeoutMs = 15_000) {
      await until(
        () => count(text) >= times,
        timeoutMs,
        () => `'${text}' ×${times} on stderr (got ${JSON.stringify(errors)})`,
      );
    },
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
