/**
 * The git checkout a directory belongs to, read from `.git` files alone (no `git` process: a read
 * command must stay cheap). A linked worktree's `.git` is a file naming its admin directory, whose
 * `commondir` leads to the repository shared by every worktree.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export interface GitCheckout {
  /** The checkout's top level (where its `.git` is). */
  top: string;
  /** Its admin directory: `.git` of the main checkout, `.git/worktrees/<name>` of a linked one. */
  gitDir: string;
  /** True for a linked worktree (`git worktree add`). */
  linked: boolean;
  /** The main checkout's top level; null for a bare repository's worktrees. */
  mainTop: string | null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The checkout holding `dir`, or null outside git. A submodule counts as a repository of its own. */
export function gitCheckoutOf(dir: string): GitCheckout | null {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const dotGit = join(at, '.git');
    // Asked without throwing: outside git every level is a miss, and a thrown error costs far more than the stat.
    const found = statSync(dotGit, { throwIfNoEntry: false });
    if (found?.isDirectory()) return { top: at, gitDir: dotGit, linked: false, mainTop: at };
    const pointer = found?.isFile() ? readText(dotGit) : null;
    if (pointer !== null) return linkedCheckout(at, pointer);
    if (dirname(at) === at) return null;
  }
}

const indexes = new Map<string, { path: string | null; until: number }>();
/** How long "not in a git checkout" is believed: a `git init` may follow in a long-running process (the MCP server). */
const ABSENT_TTL_MS = 2_000;

/** The index file of the git checkout holding `dir`, or null outside git (a checkout found is remembered; its absence for a moment). */
export function gitIndexOf(dir: string): string | null {
  const known = indexes.get(dir);
  if (known && known.until > Date.now()) return known.path;
  const checkout = gitCheckoutOf(dir);
  const path = checkout ? join(checkout.gitDir, 'index') : null;
  indexes.set(dir, { path, until: path ? Number.POSITIVE_INFINITY : Date.now() + ABSENT_TTL_MS });
  return path;
}

/** Whether `dir` lies inside a git checkout: tracks there can be committed and merged. */
export const inGitCheckout = (dir: string): boolean => gitIndexOf(dir) !== null;

function linkedCheckout(top: string, pointer: string): GitCheckout | null {
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(pointer);
  if (!match?.[1]) return null;
  const gitDir = isAbsolute(match[1]) ? match[1] : resolve(top, match[1]);
  const common = readText(join(gitDir, 'commondir'))?.trim();
  if (!common) return { top, gitDir, linked: false, mainTop: top };
  const commonDir = isAbsolute(common) ? common : resolve(gitDir, common);
  return { top, gitDir, linked: true, mainTop: basename(commonDir) === '.git' ? dirname(commonDir) : null };
}

/** The branch checked out (`main`), or `detached at <commit>`; null when HEAD cannot be read. */
export function branchOf(gitDir: string): string | null {
  const head = readText(join(gitDir, 'HEAD'))?.trim();
  if (!head) return null;
  const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
  if (ref?.[1]) return ref[1];
  return /^[0-9a-f]{7,64}$/.test(head) ? `detached at ${head.slice(0, 7)}` : null;
}

/**
 * The same place in the main checkout when `dir` lies in a linked worktree (`<worktree>/a/b` →
 * `<main>/a/b`); `dir` itself anywhere else.
 */
export function inMainCheckout(dir: string, checkout: GitCheckout | null = gitCheckoutOf(dir)): string {
  if (!checkout?.linked || !checkout.mainTop) return dir;
  const rel = relative(checkout.top, resolve(dir));
  return rel.startsWith('..') || isAbsolute(rel) ? dir : join(checkout.mainTop, rel);
}
