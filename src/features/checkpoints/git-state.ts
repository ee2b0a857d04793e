/**
 * The project's git state, read with short `git` subprocesses. Never call these while holding
 * the store lock. A directory that is not a repository, or a machine without git, yields null.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GitState } from '../../core/schema.js';
import { gitCheckoutOf } from '../../store/git-worktree.js';

const GIT_TIMEOUT_MS = 5_000;
const MAX_DIRTY = 500;
const MAX_LISTED = 50;
const COMMIT = /^[0-9a-f]{40,64}$/;

/** A few stats instead of a subprocess: outside any repository there is no git state to read. */
export function mayBeRepository(dir: string): boolean {
  if (process.env.GIT_DIR) return true;
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return true;
    if (dirname(at) === at) return false;
  }
}

function git(projectDir: string, args: string[]): string | null {
  if (!mayBeRepository(projectDir)) return null;
  try {
    // Loaded here, not at startup: read commands that never run git must not pay for child_process.
    const { spawnSync } = process.getBuiltinModule('node:child_process');
    const r = spawnSync('git', args, {
      cwd: projectDir,
      encoding: 'utf8',
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return r.status === 0 && typeof r.stdout === 'string' ? r.stdout : null;
  } catch {
    return null;
  }
}

/** Text after the first `n` space-separated fields of a porcelain v2 record. */
function afterFields(record: string, n: number): string {
  let at = 0;
  for (let i = 0; i < n; i++) at = record.indexOf(' ', at) + 1;
  return record.slice(at);
}

/** HEAD, branch and dirty files, from one `git status --porcelain=v2 --branch -z`. */
export function readGitState(projectDir: string): GitState | null {
  const out = git(projectDir, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal']);
  if (out === null) return null;
  let head: string | null = null;
  let branch: string | null = null;
  const dirty: string[] = [];
  const records = out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as string;
    if (record.startsWith('# branch.oid ')) {
      const oid = record.slice('# branch.oid '.length);
      head = COMMIT.test(oid) ? oid : null;
    } else if (record.startsWith('# branch.head ')) {
      const name = record.slice('# branch.head '.length);
      branch = name === '(detached)' ? null : name;
    } else if (record.startsWith('1 ')) dirty.push(afterFields(record, 8));
    else if (record.startsWith('2 ')) {
      dirty.push(afterFields(record, 9));
      i++; // the rename's original path follows as its own record
    } else if (record.startsWith('u ')) dirty.push(afterFields(record, 10));
    else if (record.startsWith('? ')) dirty.push(record.slice(2));
  }
  dirty.sort();
  const truncated = dirty.length > MAX_DIRTY;
  const checkout = gitCheckoutOf(projectDir);
  return {
    head,
    branch,
    dirty: dirty.slice(0, MAX_DIRTY).map((p) => p.slice(0, 2_000)),
    ...(truncated ? { dirty_truncated: true } : {}),
    ...(checkout?.linked ? { worktree: checkout.top } : {}),
  };
}

export interface GitChanges {
  now: GitState;
  since: string | null;
  /** Commits made since `since`, newest first (`<short sha> <subject>`). */
  commits: string[];
  /** Files that differ from `since` (committed or not). */
  changed_files: string[];
}

/** What changed in the project since commit `since` (null: only the current state). */
export function gitChangesSince(projectDir: string, since: string | null): GitChanges | null {
  const now = readGitState(projectDir);
  if (!now) return null;
  if (!since || !COMMIT.test(since) || !now.head) return { now, since: null, commits: [], changed_files: [] };
  const log = git(projectDir, ['log', '--format=%h %s', `-n${MAX_LISTED}`, `${since}..HEAD`]);
  const diff = git(projectDir, ['diff', '--name-only', since]);
  const lines = (text: string | null) => (text ?? '').split('\n').filter(Boolean).slice(0, MAX_LISTED);
  return { now, since, commits: lines(log), changed_files: lines(diff) };
}
