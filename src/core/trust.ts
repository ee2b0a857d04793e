/**
 * Trust for commands that arrive through git: which shell commands a track document holds, by the
 * sha256 of their exact text, and the clone-local record of the ones approved. Pure: the store
 * decides where the record lives and when a command was written here.
 */
import { sha256Hex } from './hash.js';

/** One command a track holds: a step's own, or a task's of its workflow (inline or from a definition file). */
export interface CommandRef {
  track_id: string;
  step_id: string;
  /** The workflow task it belongs to, if any. */
  task?: string | undefined;
  /** The workflow definition file (`<workflows>/<name>.yaml`) it comes from, if any. */
  workflow?: string | undefined;
  command: string;
  sha256: string;
}

/** One approved command of the trust file: its hash, and where it was seen (for display only). */
export interface TrustEntry {
  sha256: string;
  track_id: string;
  step_id: string;
  task?: string | undefined;
  /** 'written': a transaction of this clone wrote it; 'approved': `track trust` approved it. */
  how: 'written' | 'approved';
  at: string;
}

export interface TrustFile {
  format: 'track-trust/1';
  commands: TrustEntry[];
}

export const emptyTrust = (): TrustFile => ({ format: 'track-trust/1', commands: [] });

export const commandHash = (command: string): string => sha256Hex(command);

export function commandRef(track_id: string, step_id: string, command: string, where: { task?: string; workflow?: string } = {}): CommandRef {
  return {
    track_id,
    step_id,
    ...(where.task !== undefined ? { task: where.task } : {}),
    ...(where.workflow !== undefined ? { workflow: where.workflow } : {}),
    command,
    sha256: commandHash(command),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Every command a track document holds in its steps (`action.command`, `action.tasks[].command`),
 * whatever the step's type. Tolerant: it reads any JSON value (a staged or merged document) and
 * skips what is not shaped like a step.
 */
export function trackCommands(doc: unknown): CommandRef[] {
  if (!isRecord(doc) || !Array.isArray(doc.steps)) return [];
  const trackId = text(doc.track_id) ?? '';
  const refs: CommandRef[] = [];
  for (const step of doc.steps) {
    if (!isRecord(step) || !isRecord(step.action)) continue;
    const stepId = text(step.step_id) ?? '';
    const command = text(step.action.command);
    if (command) refs.push(commandRef(trackId, stepId, command));
    if (!Array.isArray(step.action.tasks)) continue;
    for (const task of step.action.tasks) {
      const taskCommand = isRecord(task) ? text(task.command) : undefined;
      if (taskCommand) refs.push(commandRef(trackId, stepId, taskCommand, { task: text((task as Record<string, unknown>).name) ?? '' }));
    }
  }
  return refs;
}

/**
 * The commands a write adds or changes: those of `after` whose exact text `before` does not hold.
 * A command already in the document keeps the trust it had, so a local edit of anything else never
 * approves a command that arrived through git. `before` undefined: the document did not exist.
 */
export function writtenCommands(before: unknown, after: unknown): CommandRef[] {
  const known = new Set(trackCommands(before).map((c) => c.sha256));
  const seen = new Set<string>();
  return trackCommands(after).filter((c) => !known.has(c.sha256) && !seen.has(c.sha256) && seen.add(c.sha256));
}

/** The trust file with `refs` recorded (each hash once; an approval already there is kept as it was). */
export function withTrusted(trust: TrustFile, refs: readonly CommandRef[], how: TrustEntry['how'], at: string): TrustFile {
  const have = new Set(trust.commands.map((e) => e.sha256));
  const added: TrustEntry[] = [];
  for (const r of refs) {
    if (have.has(r.sha256)) continue;
    have.add(r.sha256);
    added.push({ sha256: r.sha256, track_id: r.track_id, step_id: r.step_id, ...(r.task !== undefined ? { task: r.task } : {}), how, at });
  }
  return added.length ? { ...trust, commands: [...trust.commands, ...added] } : trust;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The trust file's value checked, or a description of what is wrong with it. */
export function checkTrustFile(value: unknown): TrustFile | string {
  if (!isRecord(value) || value.format !== 'track-trust/1') return "is not a trust file (format 'track-trust/1')";
  if (!Array.isArray(value.commands)) return "has no 'commands' list";
  for (const [i, e] of value.commands.entries()) {
    if (!isRecord(e) || typeof e.sha256 !== 'string' || !SHA256.test(e.sha256)) return `entry ${i} has no valid sha256`;
    if (typeof e.track_id !== 'string' || typeof e.step_id !== 'string' || typeof e.at !== 'string') return `entry ${i} lacks track_id, step_id or at`;
    if (e.how !== 'written' && e.how !== 'approved') return `entry ${i} has an unknown 'how'`;
  }
  return value as unknown as TrustFile;
}

/** A command on one line, control characters escaped, cut to `max` characters: for messages. */
export function shortCommand(command: string, max = 80): string {
  const line = command.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
