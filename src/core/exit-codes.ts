/** What each exit code means, in a few words: the one list `--help` and SKILL.md print. */
import { type ErrorCode, EXIT_CODES } from './errors.js';

const MEANINGS: Record<ErrorCode, string> = {
  INTERNAL: 'internal error',
  VALIDATION: 'invalid input',
  NOT_FOUND: 'not found',
  INVALID_STATE: 'illegal state change',
  ACTIVE_TRACK_EXISTS: 'another track is active',
  LOCK_TIMEOUT: 'store locked',
  CHECKSUM_MISMATCH: 'checksum mismatch',
  CORRUPT_STORE: 'damaged store',
  UNSAFE_PATH: 'unsafe path',
  ROOT_NOT_FOUND: 'no tracks root',
  CONFLICT: 'id conflict',
  STEP_FAILED: 'step failed',
  PERMISSION: 'permission refused',
  ACTIVE_IN_OTHER_LANE: 'track active in another lane',
  UNTRUSTED_COMMAND: 'command not approved',
  DATABASE_UNAVAILABLE: 'database unreachable or too slow',
  SCHEMA_MISMATCH: 'database schema of another version',
};

/** "0 ok, 1 internal error, 2 invalid input, …" in exit-code order. */
export function exitCodeSummary(): string {
  const codes = (Object.entries(EXIT_CODES) as Array<[ErrorCode, number]>).sort((a, b) => a[1] - b[1]);
  return ['0 ok', ...codes.map(([code, n]) => `${n} ${MEANINGS[code]}`)].join(', ');
}
