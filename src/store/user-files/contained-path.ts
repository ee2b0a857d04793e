import { resolve, sep } from 'node:path';
import { TrackError, UnsafePathError } from '../../core/errors.js';
import { io, isErrno } from '../file/fs-seam.js';

/**
 * A file the user named (a plan, an artifact, a workflow definition): `userPath` is taken from
 * `from` (default `base`), symlinks are followed, and what it resolves to must lie inside `base`
 * (the project). A link inside the project to a file inside it is fine. Returns the real path.
 */
export function containedRealPath(base: string, userPath: string, from = base): string {
  if (userPath.includes('\0')) throw new UnsafePathError(userPath.replaceAll('\0', '\\0'), 'contains a NUL byte');
  const absolute = resolve(from, userPath);
  const realBase = io.realpathSync(base);
  const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);
  const outside = () =>
    new UnsafePathError(
      userPath,
      `lies outside the project ${realBase}`,
      `files you name must be inside the project (symlinks are followed): copy it under ${realBase} and name the copy`,
    );
  let real: string;
  try {
    real = io.realpathSync(absolute);
  } catch (error) {
    // A missing file is "not found" only where it would be allowed; outside the project it stays refused.
    if (isErrno(error, 'ENOENT') && (inside(absolute, resolve(base)) || inside(absolute, realBase))) {
      throw new TrackError('NOT_FOUND', `no such file: ${userPath}`, 'check the path: it must name an existing file inside the project', {
        path: userPath,
      });
    }
    if (isErrno(error, 'ENOENT')) throw outside();
    throw error;
  }
  if (!inside(real, realBase)) throw outside();
  return real;
}
