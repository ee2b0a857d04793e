/** Any thrown value as a typed error: what a face reports when something other than a TrackError escapes. */
import { TrackError } from './errors.js';
import { type HintLike, hint, run } from './hint.js';

const ERRNO_MESSAGES: Record<string, [string, HintLike]> = {
  ENOSPC: ['the disk is full', 'free some space and retry; the store was left unchanged'],
  EDQUOT: ['the disk quota is exhausted', 'free some space and retry; the store was left unchanged'],
  EIO: ['the disk reported an I/O error', hint`retry; if it persists ${run('doctor')}`],
  EROFS: ['the file system is read-only', 'run the command where the tracks root is writable'],
  EACCES: ['permission denied', 'check the owner and mode of the tracks root'],
  EPERM: ['operation not permitted', 'check the owner and mode of the tracks root'],
  EMFILE: ['too many open files', 'raise the open-file limit (ulimit -n) and retry'],
};

/** Any thrown value as a typed error: unknown failures keep a one-line message, never a stack. */
export function toTrackError(error: unknown): TrackError {
  if (error instanceof TrackError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno && errno in ERRNO_MESSAGES) {
    const [what, way] = ERRNO_MESSAGES[errno] as [string, HintLike];
    const code = errno === 'EACCES' || errno === 'EPERM' ? 'PERMISSION' : 'INTERNAL';
    const path = (error as NodeJS.ErrnoException).path;
    return new TrackError(code, `${what}${path ? ` (${path})` : ''}`, way, { errno });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TrackError('INTERNAL', `internal error: ${message.split('\n')[0]?.slice(0, 300)}`, 'set TRACK_DEBUG=1 for a stack trace and report it');
}
