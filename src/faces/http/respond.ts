/** Writing a response: JSON results, and errors in the CLI's words with an HTTP status for their code. */
import type { ServerResponse } from 'node:http';
import { type ErrorCode, TrackError } from '../../core/errors.js';
import type { ApiError } from './api.js';
import { SECURITY_HEADERS } from './headers.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNSAFE_PATH: 400,
  PERMISSION: 403,
  NOT_FOUND: 404,
  ROOT_NOT_FOUND: 404,
  INVALID_STATE: 409,
  ACTIVE_TRACK_EXISTS: 409,
  ACTIVE_IN_OTHER_LANE: 409,
  CONFLICT: 409,
  CHECKSUM_MISMATCH: 409,
  UNTRUSTED_COMMAND: 409,
  STEP_FAILED: 422,
  LOCK_TIMEOUT: 503,
  DATABASE_UNAVAILABLE: 503,
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A TrackError as the CLI's `--json` prints it, plus its exit code; anything else is an internal error whose details stay in the server. */
export function sendError(res: ServerResponse, error: unknown, status?: number): void {
  const known = error instanceof TrackError ? error : new TrackError('INTERNAL', 'internal error: the server could not answer (its terminal shows why)');
  if (!(error instanceof TrackError)) process.stderr.write(`track ui: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  const body: ApiError = { ok: false, error: { ...known.payload('cli'), exit_code: known.exitCode } };
  sendJson(res, status ?? STATUS[known.code] ?? 500, body);
}

/** A refusal before any use case ran (no token, foreign host or origin, no such route). */
export function sendRefusal(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendError(res, new TrackError(code, message), status);
}
