/**
 * Reading what a run printed: only the log files a run of a track in the store lists, found by
 * run id or step id (never by path), and only their last bytes.
 */

import { TrackError, ValidationError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import type { Run } from '../../core/schema.js';
import { RUN_ID } from '../../core/schema.js';
import type { LogTail, StorePort, StoreReader } from '../../store/port.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { findStep } from './plan.js';

export const LOG_STREAMS = ['stdout', 'stderr'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

export const DEFAULT_LOG_BYTES = 8_000;
export const MAX_LOG_BYTES = 64_000;

export interface RunLogsInput {
  track_id?: string | undefined;
  /** The run (default: the step's last run, else the track's latest run). */
  run_id?: string | undefined;
  step_id?: string | undefined;
  /** Both streams when not given. */
  stream?: LogStream | undefined;
  /** At most this many bytes from the end of each log (default 8,000, at most 64,000). */
  max_bytes?: number | undefined;
}

export interface RunLogs {
  track_id: string;
  run_id: string;
  step_id?: string | undefined;
  status: Run['status'];
  exit_code?: number | null | undefined;
  error?: string | undefined;
  logs: Partial<Record<LogStream, LogTail>>;
}

function checkInput(input: RunLogsInput): number {
  if (input.run_id !== undefined && !RUN_ID.test(input.run_id)) {
    throw new ValidationError(`invalid run id '${input.run_id.slice(0, 40)}'`, hint`run ids look like run-001 (or run-001-k3x9p); ${cmd('runs')} lists them`);
  }
  if (input.stream !== undefined && !LOG_STREAMS.includes(input.stream)) {
    throw new ValidationError(`invalid stream '${String(input.stream).slice(0, 20)}': stdout or stderr`, hint`${cmd('run_logs', { stream: 'stderr' })}`);
  }
  const bytes = input.max_bytes ?? DEFAULT_LOG_BYTES;
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_LOG_BYTES) {
    throw new ValidationError(
      `invalid byte count '${String(bytes).slice(0, 20)}': 1 to ${MAX_LOG_BYTES}`,
      hint`${cmd('run_logs', { max_bytes: DEFAULT_LOG_BYTES })}`,
    );
  }
  return bytes;
}

/** Keeps the last `maxLines` lines of `text`. */
export function lastLines(text: string, maxLines: number): { text: string; cut: boolean } {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= maxLines) return { text, cut: false };
  return { text: `${lines.slice(-maxLines).join('\n')}\n`, cut: true };
}

/** The run asked for: by id, the step's last run, or the track's latest run. */
async function chooseRun(store: StorePort, input: RunLogsInput): Promise<Run> {
  return store.read(async (reader) => {
    const track = await resolveTrack(reader, input.track_id);
    const id = track.track_id;
    let runId = input.run_id;
    if (runId === undefined && input.step_id !== undefined) {
      runId = findStep(track, input.step_id).last_run_id;
      if (!runId)
        throw new TrackError('NOT_FOUND', `step '${input.step_id}' of ${id} has not run yet`, hint`${cmd('status', { track_id: id })} shows the plan`, {
          step_id: input.step_id,
        });
    }
    runId ??= (await reader.listRuns(id)).at(-1);
    if (!runId) throw new TrackError('NOT_FOUND', `track ${id} has no runs yet`, hint`${cmd('next', { track_id: id })} runs the next step`, { track_id: id });
    const run = await reader.findRun(id, runId);
    if (!run)
      throw new TrackError(
        'NOT_FOUND',
        `run '${runId}' does not exist in track ${id}`,
        hint`${cmd('runs', { track_id: id })} lists the runs; ${cmd('run_logs', { track_id: id })} shows the latest`,
        {
          track_id: id,
          run_id: runId,
        },
      );
    return run;
  });
}

/** The end of what a run wrote: `maxBytes` of each log, cut to `maxLines` lines when given. */
export async function runTails(
  reader: Pick<StoreReader, 'readLogTail'>,
  run: Run,
  maxBytes: number,
  maxLines?: number,
  streams: readonly LogStream[] = LOG_STREAMS,
): Promise<RunLogs['logs']> {
  const logs: RunLogs['logs'] = {};
  for (const stream of streams) {
    const name = `${stream}.log`;
    if (!run.logs.includes(name)) continue;
    const tail = await reader.readLogTail(run.track_id, run.run_id, name, maxBytes);
    if (!tail) continue;
    if (maxLines === undefined) logs[stream] = tail;
    else {
      const lines = lastLines(tail.text, maxLines);
      logs[stream] = { ...tail, text: lines.text, truncated: tail.truncated || lines.cut };
    }
  }
  return logs;
}

/** The logs of one run of a track in the store, bounded. */
export async function runLogs(store: StorePort, input: RunLogsInput = {}): Promise<RunLogs> {
  const bytes = checkInput(input);
  const run = await chooseRun(store, input);
  const last = run.attempts.at(-1);
  return {
    track_id: run.track_id,
    run_id: run.run_id,
    ...(run.step_id ? { step_id: run.step_id } : {}),
    status: run.status,
    ...(last ? { exit_code: last.exit_code } : {}),
    ...(run.error ? { error: run.error } : {}),
    logs: await store.read((reader) => runTails(reader, run, bytes, undefined, input.stream ? [input.stream] : LOG_STREAMS)),
  };
}

/** The logs as plain text: a heading line, then each stream under its own rule. */
export function runLogsText(r: RunLogs): string {
  const exit = r.exit_code !== undefined ? `, exit ${r.exit_code ?? 'none'}` : '';
  const lines = [`${r.run_id} of ${r.track_id}${r.step_id ? ` (step ${r.step_id})` : ''}: ${r.status}${exit}${r.error ? ` — ${r.error}` : ''}`];
  const streams = Object.entries(r.logs);
  if (!streams.length) lines.push('(no logs: this run executed no command)');
  for (const [stream, tail] of streams) {
    const size = tail.truncated ? `last ${Buffer.byteLength(tail.text)} of ${tail.bytes} bytes` : `${tail.bytes} bytes`;
    lines.push('', `--- ${stream} (${size}) ---`, tail.text.replace(/\n$/, ''));
  }
  return `${lines.join('\n')}\n`;
}
