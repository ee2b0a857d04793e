/** Low-level repairs `track doctor --fix` applies under the lock: quarantine, removal, mode fixes. */
import { join } from 'node:path';
import { DIR_MODE, ensureDir, FILE_MODE, fsyncDir } from './atomic-write.js';
import { io, isErrno, O_DIRECTORY, O_NOFOLLOW, O_RDONLY } from './fs-seam.js';
import { safeJoin } from './paths.js';
import { LOST_AND_FOUND } from './scan.js';

const absolute = (root: string, relative: string): string => (relative ? safeJoinNoFollowLast(root, relative) : root);

/** Joins through real directories; the last component may itself be a symlink (it is what we move). */
function safeJoinNoFollowLast(root: string, relative: string): string {
  const parts = relative.split('/');
  const last = parts.pop() as string;
  return join(safeJoin(root, ...parts), last);
}

/**
 * Moves a damaged file or directory into `<root>/lost+found/` by rename (never deleting it);
 * returns the quarantined path relative to the root.
 */
export function quarantine(root: string, relative: string, at: Date = new Date()): string {
  const lostDir = join(root, LOST_AND_FOUND);
  ensureDir(lostDir, root);
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const name = `${stamp}-${relative.replace(/\//g, '__')}`.slice(0, 255);
  io.renameSync(absolute(root, relative), join(lostDir, name));
  fsyncDir(lostDir);
  return `${LOST_AND_FOUND}/${name}`;
}

/** Removes a leftover file; a file already gone counts as removed. */
export function removeLeftover(root: string, relative: string): void {
  try {
    io.unlinkSync(absolute(root, relative));
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

/** Restores mode 0700/0600 through a descriptor opened without following symlinks. */
export function restrictMode(root: string, relative: string, isDirectory: boolean): void {
  const fd = io.openSync(absolute(root, relative), O_RDONLY | O_NOFOLLOW | (isDirectory ? O_DIRECTORY : 0));
  try {
    io.fchmodSync(fd, isDirectory ? DIR_MODE : FILE_MODE);
  } finally {
    io.closeSync(fd);
  }
}

/** Removes a folder if it is empty; one that holds anything (or is already gone) is left as it is. */
export function removeIfEmpty(root: string, relative: string): void {
  try {
    io.rmdirSync(absolute(root, relative));
  } catch (error) {
    if (!isErrno(error, 'ENOTEMPTY') && !isErrno(error, 'EEXIST') && !isErrno(error, 'ENOENT')) throw error;
  }
}
