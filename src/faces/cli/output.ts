import type { TrackError } from '../../core/errors.js';
import { type Fd, isTerminal, writeFd } from './terminal.js';

export interface Output {
  /** Machine-readable result, printed with --json. */
  json: unknown;
  /** Human-readable lines. */
  human: string | string[];
  /** Exit code when the command ran but reports a failure (e.g. doctor finding problems); default 0. */
  exitCode?: number;
  /** The command printed its output as it went (`track watch`): nothing is left to print. */
  streamed?: true;
}

const colorEnabled = (fd: Fd): boolean => !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb' && isTerminal(fd);

/** Colours text meant for `fd` (standard output unless said), only on a terminal and never with NO_COLOR. */
const paint =
  (code: string) =>
  (text: string, fd: Fd = 1) =>
    colorEnabled(fd) ? `\u001b[${code}m${text}\u001b[0m` : text;

export const bold = paint('1');
export const dim = paint('2');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');
export const cyan = paint('36');

export function printOutput(output: Output, asJson: boolean): void {
  if (output.streamed) return;
  if (asJson) {
    writeFd(1, `${JSON.stringify(output.json, null, 2)}\n`);
    return;
  }
  const lines = Array.isArray(output.human) ? output.human : [output.human];
  if (lines.length) writeFd(1, `${lines.join('\n')}\n`);
}

export function printError(error: TrackError, asJson: boolean): void {
  if (asJson) {
    writeFd(1, `${JSON.stringify({ ok: false, error: error.toJSON() })}\n`);
    return;
  }
  const hint = error.hint ? ` ${dim(`(hint: ${error.hint})`, 2)}` : '';
  writeFd(2, `${red('error:', 2)} ${error.message}${hint}\n`);
}
