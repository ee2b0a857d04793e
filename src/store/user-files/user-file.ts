/** Files the user names: read (an artifact's source, a bundle) or written (a bundle, a report) anywhere but among the store's own files. */
import { resolve } from 'node:path';
import { UnsafePathError } from '../../core/errors.js';
import { atomicWriteFile } from '../file/atomic-write.js';
import { isErrno } from '../file/fs-seam.js';
import { readFileBytes } from '../file/safe-json.js';
import type { StorePort } from '../port.js';

/**
 * The bytes of a file the user named, never through a symbolic link at its last component and at
 * most `maxBytes` (else CorruptStoreError); null when there is no such file.
 */
export function readUserFile(path: string, maxBytes: number): Buffer | null {
  try {
    return readFileBytes(path, maxBytes);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}

/**
 * Writes `content` to the file the user named (relative to `cwd`), atomically. A place among the
 * store's own files — also through a symlinked folder — is refused: the store changes only through transactions.
 */
export function writeUserFile(store: Pick<StorePort, 'contains'>, userPath: string, content: string, what: string, cwd = process.cwd()): string {
  const path = resolve(cwd, userPath);
  if (store.contains(path)) throw new UnsafePathError(userPath, `${what} may not be written inside the tracks root`);
  atomicWriteFile(path, content);
  return path;
}
