import { dirname, join, relative, resolve, sep } from 'node:path';
import { PermissionError, RootNotFoundError, UnsafePathError } from '../../core/errors.js';
import { assertPlainName } from '../../core/names.js';
import { type GitCheckout, gitCheckoutOf } from '../git-worktree.js';
import { io, isErrno } from './fs-seam.js';

export const ROOT_SUBPATH = join('.claude', 'conductor', 'tracks');
export const ROOT_ENV = 'TRACK_MANAGER_ROOT';
export const ALLOW_FOREIGN_ROOT_ENV = 'TRACK_MANAGER_ALLOW_FOREIGN_ROOT';

/**
 * Joins plain names under `root` and proves the result stays inside it: every existing
 * component below the root must be a real directory or file, never a symlink.
 */
export function safeJoin(root: string, ...names: string[]): string {
  let path = root;
  for (const name of names) {
    assertPlainName(name);
    path = join(path, name);
    try {
      if (io.lstatSync(path).isSymbolicLink()) throw new UnsafePathError(path, 'is a symbolic link');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) continue;
      throw error;
    }
  }
  if (path !== root && !path.startsWith(root + sep)) throw new UnsafePathError(path, 'escapes the tracks root');
  return path;
}

export interface RootLocation {
  /** The tracks root directory (holds track-registry.json). */
  root: string;
  /** The project the tracks belong to: commands from plans run here. */
  projectDir: string;
}

export function projectDirOf(root: string): string {
  return root.endsWith(sep + ROOT_SUBPATH) ? root.slice(0, -(ROOT_SUBPATH.length + 1)) : dirname(root);
}

/** Where a directory of the main checkout is in the linked worktree `checkout` (a directory outside the main checkout stays). */
function inWorktree(dir: string, checkout: GitCheckout | null): string {
  if (!checkout?.linked || !checkout.mainTop) return dir;
  const rel = relative(checkout.mainTop, dir);
  return rel.startsWith('..') || resolve(rel) === rel ? dir : join(checkout.top, rel);
}

/**
 * The tracks root of the main checkout, seen from the linked worktree `checkout`: every worktree of
 * a clone shares the main checkout's store. The project directory is the worktree's own, where its
 * commands run.
 */
function mainCheckoutRoot(cwd: string, checkout: GitCheckout | null): RootLocation | undefined {
  if (!checkout?.linked || !checkout.mainTop) return undefined;
  const found = storeBetween(join(checkout.mainTop, relative(checkout.top, resolve(cwd))), checkout.mainTop);
  return found && { root: found.root, projectDir: inWorktree(found.projectDir, checkout) };
}

/**
 * Finds the tracks root: explicit option, then the environment, then (in a linked worktree) the
 * main checkout's, then walking up from `cwd`.
 */
export function discoverRoot(
  options: { root?: string | undefined; cwd?: string | undefined },
  checkout: GitCheckout | null = gitCheckoutOf(options.cwd ?? process.cwd()),
): RootLocation {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.root ?? process.env[ROOT_ENV];
  if (explicit) {
    const root = resolve(cwd, explicit);
    return { root, projectDir: inWorktree(projectDirOf(root), checkout) };
  }
  const found = mainCheckoutRoot(cwd, checkout) ?? rootAbove(cwd);
  if (!found) throw new RootNotFoundError(cwd);
  return found;
}

/** The tracks root that walking up from `dir` finds (`.claude/conductor/tracks`), without the option or the environment. */
export function rootAbove(dir: string): RootLocation | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (present(join(at, ROOT_SUBPATH), true)) return { root: join(at, ROOT_SUBPATH), projectDir: at };
    if (dirname(at) === at) return undefined;
  }
}

/** Why `track init` chose its root: the option or environment, the working directory, a store above it, or the repository's top level. */
export type InitPlacement = 'explicit' | 'here' | 'found-above' | 'repository';

/** Whether something (a directory, when asked) is at `path`; an unreadable place counts as nothing, as in discoverRoot. */
function present(path: string, directory = false): boolean {
  try {
    const st = io.statIfPresent(path);
    return st !== undefined && (!directory || st.isDirectory());
  } catch {
    return false;
  }
}

/** The top level of the git working tree holding `dir` (where its `.git` is), or undefined outside git. */
export function gitTopLevel(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (present(join(at, '.git'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/** An existing tracks root between `from` and `top` (both included), nearest first. */
function storeBetween(from: string, top: string): RootLocation | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const root = join(dir, ROOT_SUBPATH);
    if (present(root, true)) return { root, projectDir: dir };
    if (dir === top || dirname(dir) === dir) return undefined;
  }
}

/**
 * Where `track init` puts the root: the option or environment; inside a git repository the store
 * already there (from the working directory up to the top level; from a linked worktree, the main
 * checkout's), else the top level (the main checkout's), where Claude Code reads
 * `.claude/settings.json`; outside git the working directory.
 */
export function defaultRootFor(
  options: { root?: string | undefined; cwd?: string | undefined },
  checkout: GitCheckout | null = gitCheckoutOf(options.cwd ?? process.cwd()),
): RootLocation & { placement: InitPlacement } {
  const cwd = resolve(options.cwd ?? process.cwd());
  const explicit = options.root ?? process.env[ROOT_ENV];
  if (explicit) {
    const root = resolve(cwd, explicit);
    return { root, projectDir: inWorktree(projectDirOf(root), checkout), placement: 'explicit' };
  }
  const shared = mainCheckoutRoot(cwd, checkout);
  if (shared) return { ...shared, placement: 'found-above' };
  if (checkout?.linked && checkout.mainTop) return { root: join(checkout.mainTop, ROOT_SUBPATH), projectDir: checkout.top, placement: 'repository' };
  const top = gitTopLevel(cwd);
  const found = top === undefined ? undefined : storeBetween(cwd, top);
  if (found) return { ...found, placement: found.projectDir === cwd ? 'here' : 'found-above' };
  if (top !== undefined && top !== cwd) return { root: join(top, ROOT_SUBPATH), projectDir: top, placement: 'repository' };
  return { root: join(cwd, ROOT_SUBPATH), projectDir: cwd, placement: 'here' };
}

/**
 * Refuses a root that another user owns or that others may write to: such a root could hold
 * planted files. `allowForeign` (flag or environment) overrides after the user decides.
 */
export function assertRootTrusted(root: string, allowForeign: boolean): void {
  let st: import('node:fs').Stats;
  try {
    st = io.lstatSync(root);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new RootNotFoundError(root);
    throw error;
  }
  if (st.isSymbolicLink()) throw new UnsafePathError(root, 'the tracks root is a symbolic link; pass its real path');
  if (!st.isDirectory()) throw new UnsafePathError(root, 'the tracks root is not a directory');
  if (allowForeign || process.env[ALLOW_FOREIGN_ROOT_ENV] === '1') return;
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  if (uid >= 0 && st.uid !== uid) {
    throw new PermissionError(
      `the tracks root ${root} belongs to uid ${st.uid}, not to you (uid ${uid})`,
      `if you trust it, pass --allow-foreign-root (or set ${ALLOW_FOREIGN_ROOT_ENV}=1)`,
    );
  }
  if (st.mode & 0o002) {
    throw new PermissionError(`the tracks root ${root} is writable by every user`, `chmod 700 '${root}', or pass --allow-foreign-root if you trust it`);
  }
}
