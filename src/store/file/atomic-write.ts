import { basename, dirname, join } from 'node:path';
import { randomHex } from '../../core/hash.js';
import { io, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY } from './fs-seam.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;
export const TEMP_PREFIX = '.tmp-';

/** Writes every byte, looping over short writes; a write that makes no progress is an error. */
export function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    const written = io.writeSync(fd, data, offset, data.length - offset, null);
    if (written <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    offset += written;
  }
}

export function fsyncDir(dir: string): void {
  const fd = io.openSync(dir, O_RDONLY | O_DIRECTORY);
  try {
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}

export function tempNameFor(target: string): string {
  return join(dirname(target), `${TEMP_PREFIX}${process.pid}-${randomHex(6)}-${basename(target).slice(0, 60)}`);
}

/**
 * Atomic replace: exclusive temp file (0600) in the same directory, every byte written, file
 * fsynced, renamed over the target, directory fsynced. On any error the temp file is removed
 * and the target is untouched. A symlink at the target is replaced, never followed.
 */
export function atomicWriteFile(target: string, content: string | Uint8Array, options: { syncDir?: boolean } = {}): void {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const temp = tempNameFor(target);
  const fd = io.openSync(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, FILE_MODE);
  try {
    io.fchmodSync(fd, FILE_MODE);
    writeAll(fd, data);
    io.fsyncSync(fd);
    io.closeSync(fd);
  } catch (error) {
    closeQuietly(fd);
    unlinkQuietly(temp);
    throw error;
  }
  try {
    io.renameSync(temp, target);
  } catch (error) {
    unlinkQuietly(temp);
    throw error;
  }
  if (options.syncDir !== false) fsyncDir(dirname(target));
}

/** Creates a directory (and missing parents inside `stopAt`) with mode 0700. */
export function ensureDir(dir: string, stopAt: string): void {
  const missing: string[] = [];
  let cursor = dir;
  while (cursor.length >= stopAt.length) {
    try {
      const st = io.lstatSync(cursor);
      if (!st.isDirectory()) throw Object.assign(new Error(`${cursor} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.unshift(cursor);
      cursor = dirname(cursor);
    }
  }
  for (const path of missing) {
    try {
      io.mkdirSync(path, DIR_MODE);
      io.chmodSync(path, DIR_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    fsyncDir(dirname(path));
  }
}

export function unlinkQuietly(path: string): void {
  try {
    io.unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function closeQuietly(fd: number): void {
  try {
    io.closeSync(fd);
  } catch {
    /* nothing to do */
  }
}
