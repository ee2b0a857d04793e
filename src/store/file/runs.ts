/** Run documents (`<track>/workflows/run-NNN/run.json`) and their append-only log files. */

import { constants } from 'node:fs';
import type * as z from 'zod/mini';
import { TrackError } from '../../core/errors.js';
import { parseJsonText, toJsonText, validateDocument } from '../../core/json.js';
import { assertPlainName } from '../../core/names.js';
import { type CommandExit, type CommandProcess, commandExitSchema, commandProcessSchema, RUN_ID, type Run, runSchema } from '../../core/schema.js';
import { sortNumbered } from '../../core/sequence-names.js';
import type { RunLog, RunOutput } from '../port.js';
import { atomicWriteFile, writeAll } from './atomic-write.js';
import type { DocumentReader } from './documents.js';
import { io, O_CREAT, O_NOFOLLOW } from './fs-seam.js';
import { workflowsDir } from './layout.js';
import { safeJoin } from './paths.js';
import type { FileTx } from './transaction.js';

export const runDir = (trackId: string, runId: string): string => `${workflowsDir(trackId)}/${assertPlainName(runId, 'run id')}`;
export const runFile = (trackId: string, runId: string): string => `${runDir(trackId, runId)}/run.json`;

/** Run ids of a track, oldest first (by number, then by when they started, then by id). */
export function listRunIds(reader: DocumentReader, trackId: string): string[] {
  return sortNumbered(reader.listRaw(workflowsDir(trackId)), RUN_ID, (runId) => reader.timeOf(runFile(trackId, runId), 'started_at'));
}

export function findRun(reader: DocumentReader, trackId: string, runId: string): Run | null {
  if (!RUN_ID.test(runId)) throw new TrackError('VALIDATION', `invalid run id '${runId.slice(0, 40)}'`, 'run ids look like run-001 (or run-001-k3x9p)');
  const path = runFile(trackId, runId);
  const text = reader.readRaw(path);
  if (text === null) return null;
  return validateDocument(parseJsonText(text, path), runSchema, path);
}

export function stageRun(tx: FileTx, run: Run): Run {
  const saved = validateDocument(run, runSchema, `run ${run.run_id}`);
  tx.stage(runFile(run.track_id, run.run_id), toJsonText(saved));
  return saved;
}

export const runDirPath = (root: string, trackId: string, runId: string): string => safeJoin(root, ...runDir(trackId, runId).split('/'));

/** Absolute path of a log file inside a run directory that a committed transaction created. */
export function runLogPath(root: string, trackId: string, runId: string, name: string): string {
  return safeJoin(runDirPath(root, trackId, runId), assertPlainName(name, 'log name'));
}

const COMMAND_FILE = 'command.json';
const COMMAND_EXIT_FILE = 'command-exit.json';

/** Where a command's wrapper shell records how the command ended (see exec/command.ts). */
export const commandExitPath = (root: string, trackId: string, runId: string): string => runLogPath(root, trackId, runId, COMMAND_EXIT_FILE);

/**
 * Records the process of the command a run is executing, beside its logs. Written by the runner
 * right after it starts the command, without the store lock (the run directory is the runner's
 * own), so a later `next` can find the command even if this runner is killed.
 */
export function writeCommandProcess(root: string, trackId: string, runId: string, command: CommandProcess): void {
  atomicWriteFile(runLogPath(root, trackId, runId, COMMAND_FILE), toJsonText(validateDocument(command, commandProcessSchema, COMMAND_FILE)));
}

/** A record a run keeps beside its logs; null when missing or unreadable (then it tells nothing). */
function readRunRecord<S extends z.ZodMiniType>(reader: DocumentReader, trackId: string, runId: string, name: string, schema: S): z.infer<S> | null {
  const path = `${runDir(trackId, runId)}/${name}`;
  try {
    const text = reader.readRaw(path);
    return text === null ? null : validateDocument(parseJsonText(text, path), schema, path);
  } catch (error) {
    if (error instanceof TrackError) return null;
    throw error;
  }
}

/** The command a run was last executing; null when it never started one or its record is unreadable (then it cannot be checked). */
export const readCommandProcess = (reader: DocumentReader, trackId: string, runId: string): CommandProcess | null =>
  readRunRecord(reader, trackId, runId, COMMAND_FILE, commandProcessSchema);

/** How the command a run was last executing ended, as its wrapper recorded it; null while it runs, or if it was killed outright. */
export const readCommandExit = (reader: DocumentReader, trackId: string, runId: string): CommandExit | null =>
  readRunRecord(reader, trackId, runId, COMMAND_EXIT_FILE, commandExitSchema);

/** An append-only log file, written through the fs seam; every chunk is written whole. */
export class LogFile implements RunLog {
  readonly fd: number;

  constructor(readonly path: string) {
    this.fd = io.openSync(path, constants.O_RDWR | O_CREAT | constants.O_APPEND | O_NOFOLLOW, 0o600);
  }

  write(chunk: string | Uint8Array): void {
    writeAll(this.fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }

  close(): void {
    io.closeSync(this.fd);
  }
}

/** A run's directory as its command's output goes: logs, the command's process and exit records beside `run.json`. */
export function runOutput(root: string, trackId: string, runId: string): RunOutput {
  return {
    dir: runDirPath(root, trackId, runId),
    exitFile: commandExitPath(root, trackId, runId),
    openLog: (name) => new LogFile(runLogPath(root, trackId, runId, name)),
    recordCommand: (command) => writeCommandProcess(root, trackId, runId, command),
  };
}
