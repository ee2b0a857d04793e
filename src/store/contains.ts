/** Whether a path lies among a store's own files on this machine, also through a symbolic link. */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** True when `path` is `dir` or lies below it. */
const isInside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir + sep);

function realOrAsIs(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** True when `path` (or where it leads) is `dir` or below it. */
export function pathWithin(dir: string, path: string): boolean {
  const absolute = resolve(path);
  const realDir = realOrAsIs(dir);
  return isInside(absolute, dir) || isInside(join(realOrAsIs(dirname(absolute)), basename(absolute)), realDir) || isInside(realOrAsIs(absolute), realDir);
}
