import { TrackError } from '../../core/errors.js';
import { type HintLike, hint, run } from '../../core/hint.js';

export interface Output {
  /** Machine-readable result, printed with --json. */
  json: unknown;
  /** Human-readable lines. */
  human: string | string[];
  /** Exit code when the command ran but reports a failure (e.g. doctor finding problems); default 0. */
  exitCode?: number;
}

const colorEnabled = (stream: NodeJS.WriteStream): boolean => Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';

const paint =
  (code: string) =>
  (text: string, stream: NodeJS.WriteStream = process.stdout) =>
    colorEnabled(stream) ? `\u001b[${code}m${text}\u001b[0m` : text;

export const bold = paint('1');
export const dim = paint('2');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');
export const cyan = paint('36');

export function printOutput(output: Output, asJson: boolean): void {
  if (asJson) {
    process.stdout.write(`${JSON.stringify(output.json, null, 2)}\n`);
    return;
  }
  const lines = Array.isArray(output.human) ? output.human : [output.human];
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
}

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

export function printError(error: TrackError, asJson: boolean): void {
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: error.toJSON() })}\n`);
    return;
  }
  const hint = error.hint ? ` ${dim(`(hint: ${error.hint})`, process.stderr)}` : '';
  process.stderr.write(`${red('error:', process.stderr)} ${error.message}${hint}\n`);
}
