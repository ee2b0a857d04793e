import type * as z from 'zod/mini';
import { CorruptStoreError, UnsafePathError } from '../../core/errors.js';
import { decodeUtf8, parseJsonText, validateDocument } from '../../core/json.js';
import { io, isErrno, O_NOFOLLOW, O_RDONLY } from './fs-seam.js';

export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Reads a file without following a symlink at its final component, refusing oversized files. */
export function readFileBytes(path: string, maxBytes = MAX_DOCUMENT_BYTES): Buffer {
  let fd: number;
  try {
    fd = io.openSync(path, O_RDONLY | O_NOFOLLOW);
  } catch (error) {
    if (isErrno(error, 'ELOOP')) throw new UnsafePathError(path, "is a symbolic link; run 'track doctor --fix' to move it aside");
    throw error;
  }
  try {
    const st = io.fstatSync(fd);
    if (!st.isFile()) throw new CorruptStoreError(path, 'is not a regular file');
    if (st.size > maxBytes) throw new CorruptStoreError(path, `is ${st.size} bytes, more than the ${maxBytes} allowed`);
    const buffer = Buffer.allocUnsafe(st.size);
    let offset = 0;
    while (offset < st.size) {
      const n = io.readSync(fd, buffer, offset, st.size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return buffer.subarray(0, offset);
  } finally {
    io.closeSync(fd);
  }
}

/** A text file's contents, read as readFileBytes reads (no symlink followed, at most `maxBytes`); null when it does not exist. */
export function readTextIfPresent(path: string, maxBytes = MAX_DOCUMENT_BYTES): string | null {
  try {
    return decodeUtf8(readFileBytes(path, maxBytes), path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}

export function readJsonFile<S extends z.ZodMiniType>(path: string, schema: S, maxBytes?: number): z.infer<S> {
  const text = decodeUtf8(readFileBytes(path, maxBytes), path);
  return validateDocument(parseJsonText(text, path), schema, path);
}
