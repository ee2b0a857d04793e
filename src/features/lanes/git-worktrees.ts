/**
 * `git worktree` for `track worktree`: short git subprocesses, run before or after a transaction,
 * never while the store lock is held.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { TrackError } from '../../core/errors.js';

const GIT_TIMEOUT_MS = 120_000;

export interface GitResult {
  ok: boolean;
  stdout: string;
  /** git's own words when it refused (its last non-empty line of stderr). */
  reason: string;
}

/** Runs git in `cwd`; a missing git or a refusal is `ok: false` with git's reason, never a throw. */
export function git(cwd: string, args: string[]): GitResult {
  try {
    const stdout = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      timeout: GIT_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ok: true, stdout, reason: '' };
  } catch (error) {
    const e = error as { stderr?: unknown; message?: unknown };
    const stderr = typeof e.stderr === 'string' ? e.stderr : '';
    const last = stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return {
      ok: false,
      stdout: '',
      reason: (last.find((l) => l.startsWith('fatal:') || l.startsWith('error:')) ?? last.at(-1) ?? String(e.message ?? 'git failed')).slice(0, 300),
    };
  }
}

/** git failed where nothing foreseeable should make it fail: its reason, and what was (not) done. */
export const gitFailed = (command: string, result: GitResult, after: string): TrackError =>
  new TrackError('INTERNAL', `git ${command} failed: ${result.reason}`, `${after}; fix what git reports and run the command again`);

/** The real path when it exists (git records real paths), else the path resolved. */
export function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export interface WorktreeEntry {
  path: string;
  /** `refs/heads/` stripped; null when detached. */
  branch: string | null;
  locked: boolean;
  /** The main checkout (the first entry git lists). */
  main: boolean;
}

/** Every worktree of the repository holding `cwd`, the main checkout first. */
export function listWorktrees(cwd: string): WorktreeEntry[] {
  const result = git(cwd, ['worktree', 'list', '--porcelain', '-z']);
  if (!result.ok) throw gitFailed('worktree list', result, 'nothing was changed');
  const entries: WorktreeEntry[] = [];
  for (const block of result.stdout.split('\0\0')) {
    const fields = block.split('\0').filter(Boolean);
    const path = fields.find((f) => f.startsWith('worktree '))?.slice('worktree '.length);
    if (!path) continue;
    const branch = fields.find((f) => f.startsWith('branch '))?.slice('branch refs/heads/'.length) ?? null;
    entries.push({ path, branch, locked: fields.some((f) => f === 'locked' || f.startsWith('locked ')), main: entries.length === 0 });
  }
  return entries;
}

/** The worktree at `path` (compared as real paths), or undefined. */
export const worktreeAt = (entries: readonly WorktreeEntry[], path: string): WorktreeEntry | undefined =>
  entries.find((e) => realOrResolved(e.path) === realOrResolved(path));
