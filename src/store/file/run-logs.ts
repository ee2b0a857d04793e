/** Bounded reads of a run's log files: the last bytes only, never following a symlink. */

import type { LogTail } from '../port.js';
import { io, isErrno, O_NOFOLLOW, O_RDONLY } from './fs-seam.js';
import { runLogPath } from './runs.js';

/** The last `maxBytes` of a log file of a run; null when the file does not exist (yet). */
export function readLogTail(root: string, trackId: string, runId: string, name: string, maxBytes: number): LogTail | null {
  let fd: number;
  try {
    fd = io.openSync(runLogPath(root, trackId, runId, name), O_RDONLY | O_NOFOLLOW);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  try {
    const size = io.fstatSync(fd).size;
    const length = Math.min(size, Math.max(0, Math.floor(maxBytes)));
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = io.readSync(fd, buffer, read, length - read, size - length + read);
      if (n === 0) break;
      read += n;
    }
    return tailOf(buffer.subarray(0, read), size);
  } finally {
    io.closeSync(fd);
  }
}

/** The end of a log of `size` bytes whose last bytes are `end`: decoded, a cut first line dropped. */
export function tailOf(end: Buffer, size: number): LogTail {
  let text = end.toString('utf8');
  const truncated = end.length < size;
  if (truncated) {
    const newline = text.indexOf('\n');
    if (newline >= 0 && newline < text.length - 1) text = text.slice(newline + 1);
  }
  return { text, bytes: size, truncated };
}
