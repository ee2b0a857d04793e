/** Applies the Claude Code config edits to the project's files, atomically, refusing files it cannot parse. */
import { dirname } from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { decodeUtf8, parseJsonText } from '../../core/json.js';
import { atomicWriteFile, ensureDir, unlinkQuietly } from '../../store/file/atomic-write.js';
import { io, isErrno } from '../../store/file/fs-seam.js';
import { safeJoin } from '../../store/file/paths.js';
import { readFileBytes } from '../../store/file/safe-json.js';
import { addHooks, addMcpServer, type Edit, removeHooks, removeMcpServer } from './claude-config.js';

export const SETTINGS_FILE = '.claude/settings.json';
export const MCP_FILE = '.mcp.json';
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export interface FileChange {
  file: string;
  /** added, removed, unchanged (already as wanted), or skipped (`reason` says why and what to do). */
  action: 'added' | 'removed' | 'unchanged' | 'skipped';
  entries: string[];
  reason?: string;
}

type Editor = (value: unknown, file: string) => Edit<Record<string, unknown>>;

/** The parsed file, or undefined when it does not exist. Any other problem refuses the whole command. */
function readConfig(path: string, shown: string): { value: unknown; mode: number } | undefined {
  let text: string;
  let mode: number;
  try {
    text = decodeUtf8(readFileBytes(path, MAX_CONFIG_BYTES), path);
    mode = io.lstatSync(path).mode & 0o777;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  try {
    return { value: text.trim() === '' ? {} : parseJsonText(text, shown), mode };
  } catch (error) {
    throw new ValidationError(`${(error as Error).message}; nothing was changed`, `fix or move ${shown}, then rerun the command`);
  }
}

export interface PreparedChange {
  change: FileChange;
  /** Writes the change; a no-op when nothing changes. */
  apply(): void;
}

/** Reads and edits the file in memory, writing nothing, so a command can refuse before touching anything. */
function prepare(projectDir: string, relative: string, edit: Editor, action: 'added' | 'removed'): PreparedChange {
  const path = safeJoin(projectDir, ...relative.split('/'));
  const existing = readConfig(path, relative);
  const unchanged = { change: { file: relative, action: 'unchanged' as const, entries: [] }, apply: () => {} };
  if (!existing && action === 'removed') return unchanged;
  const { value, changes } = edit(existing?.value ?? {}, relative);
  if (!changes.length) return unchanged;
  const apply = () => {
    if (action === 'removed' && Object.keys(value).length === 0) {
      unlinkQuietly(path);
      return;
    }
    ensureDir(dirname(path), projectDir);
    atomicWriteFile(path, `${JSON.stringify(value, null, 2)}\n`);
    if (existing) io.chmodSync(path, existing.mode);
  };
  return { change: { file: relative, action, entries: changes }, apply };
}

export const prepareHooks = (projectDir: string): PreparedChange => prepare(projectDir, SETTINGS_FILE, addHooks, 'added');
export const prepareMcpServer = (projectDir: string): PreparedChange => prepare(projectDir, MCP_FILE, addMcpServer, 'added');
export const prepareHooksRemoval = (projectDir: string): PreparedChange => prepare(projectDir, SETTINGS_FILE, removeHooks, 'removed');
export const prepareMcpServerRemoval = (projectDir: string): PreparedChange => prepare(projectDir, MCP_FILE, removeMcpServer, 'removed');
