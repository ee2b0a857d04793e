/** Files the user names for output (a bundle, a report): written anywhere but inside the tracks root. */
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UnsafePathError } from '../../core/errors.js';
import { atomicWriteFile } from '../file/atomic-write.js';
import { io } from '../file/fs-seam.js';

/** True when `path` is `dir` or lies below it. */
export const isInside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir + sep);

function realOrAsIs(path: string): string {
  try {
    return io.realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Writes `content` to the file the user named (relative to `cwd`), atomically. A place inside the
 * tracks root — also through a symlinked folder — is refused: the store changes only through transactions.
 */
export function writeUserFile(root: string, userPath: string, content: string, what: string, cwd = process.cwd()): string {
  const path = resolve(cwd, userPath);
  const real = join(realOrAsIs(dirname(path)), basename(path));
  if (isInside(path, root) || isInside(real, realOrAsIs(root))) throw new UnsafePathError(userPath, `${what} may not be written inside the tracks root`);
  atomicWriteFile(path, content);
  return path;
}
