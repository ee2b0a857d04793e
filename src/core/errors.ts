/**
 * Typed errors. Each has a stable `code`, the process `exitCode` the CLI uses, and a `hint`
 * naming the command that fixes it. The exit codes are documented in the README.
 */
import { closest, didYouMean } from './suggest.js';

export const EXIT_CODES = {
  INTERNAL: 1,
  VALIDATION: 2,
  NOT_FOUND: 3,
  INVALID_STATE: 4,
  ACTIVE_TRACK_EXISTS: 5,
  LOCK_TIMEOUT: 6,
  CHECKSUM_MISMATCH: 7,
  CORRUPT_STORE: 8,
  UNSAFE_PATH: 9,
  ROOT_NOT_FOUND: 10,
  CONFLICT: 11,
  STEP_FAILED: 12,
  PERMISSION: 13,
} as const;

export type ErrorCode = keyof typeof EXIT_CODES;

export class TrackError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  /** The stable shape every face prints: the same four keys always, no class or internal names. */
  toJSON(): { code: ErrorCode; message: string; hint: string | null; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, hint: this.hint ?? null, details: this.details ?? {} };
  }
}

export class ValidationError extends TrackError {
  constructor(message: string, hint?: string, details?: Record<string, unknown>) {
    super('VALIDATION', message, hint, details);
  }
}

export class TrackNotFoundError extends TrackError {
  /** `knownIds`: the ids that do exist, to suggest the closest ones. */
  constructor(trackId: string, knownIds: Iterable<string> = []) {
    const near = closest(trackId, knownIds);
    super(
      'NOT_FOUND',
      `track '${trackId}' does not exist`,
      near.length ? `${didYouMean(near)} ('track list' shows every id)` : "run 'track list' to see the track ids",
      { track_id: trackId, ...(near.length ? { did_you_mean: near } : {}) },
    );
  }
}

export class NoActiveTrackError extends TrackError {
  /** `paused`: the paused tracks, most recent first (a few), named so the user resumes one instead of starting over. */
  constructor(paused: ReadonlyArray<{ track_id: string; name: string }> = [], pausedTotal = paused.length) {
    const [latest] = paused;
    if (!latest) {
      super('NOT_FOUND', 'no track is active and no track id was given', "pass --track-id <id>, or 'track activate <id>' first");
      return;
    }
    const named = paused.map((t) => `${t.track_id} (${t.name.slice(0, 60)})`).join(', ');
    const more = pausedTotal > paused.length ? ` and ${pausedTotal - paused.length} more` : '';
    super(
      'NOT_FOUND',
      `no track is active and no track id was given; paused, most recent first: ${named}${more}`,
      `${paused.length > 1 ? 'resume the most recent' : 'resume it'}: 'track resume ${latest.track_id}', or pass --track-id ${latest.track_id}`,
      { paused: paused.map((t) => t.track_id), paused_total: pausedTotal },
    );
  }
}

export class InvalidStateError extends TrackError {
  constructor(trackId: string, current: string, wanted: string, legal: readonly string[]) {
    const moves = legal.length ? legal.join(', ') : 'none (final state)';
    super(
      'INVALID_STATE',
      `track '${trackId}' is ${current}; it cannot become ${wanted} (legal moves from ${current}: ${moves})`,
      legal.length ? `from ${current} the track can go to: ${moves}` : `a ${current} track cannot change state`,
      { track_id: trackId, current, wanted, legal: [...legal] },
    );
  }
}

export class ActiveTrackExistsError extends TrackError {
  constructor(activeId: string, wantedId: string) {
    super('ACTIVE_TRACK_EXISTS', `track '${activeId}' is already active; only one track can be active`, `track switch --to ${wantedId}`, {
      active_track_id: activeId,
      track_id: wantedId,
    });
  }
}

export class LockTimeoutError extends TrackError {
  constructor(lockPath: string, owner: string, waitedMs: number) {
    super(
      'LOCK_TIMEOUT',
      `the tracks root is locked by ${owner}; gave up after ${waitedMs} ms`,
      "retry when the other track command finishes; if its process is gone, 'track doctor --fix' clears the lock",
      { lock: lockPath },
    );
  }
}

export class ChecksumMismatchError extends TrackError {
  /** `hint`: the way out where restoring a checkpoint is not it (a damaged bundle is exported again). */
  constructor(what: string, expected: string, actual: string, hint?: string) {
    super(
      'CHECKSUM_MISMATCH',
      `checksum mismatch in ${what}: expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…`,
      hint ?? "the file was modified or damaged; run 'track checkpoints' and restore an intact checkpoint",
      { what, expected, actual },
    );
  }
}

export class CorruptStoreError extends TrackError {
  constructor(file: string, problem: string) {
    super('CORRUPT_STORE', `${file}: ${problem}`, "run 'track doctor' to inspect the store ('track doctor --fix' to repair)", { file });
  }
}

export class UnsafePathError extends TrackError {
  constructor(path: string, problem: string, hint = 'use a plain name or a path inside the project') {
    super('UNSAFE_PATH', `refused path '${path}': ${problem}`, hint, { path });
  }
}

export class RootNotFoundError extends TrackError {
  constructor(from: string) {
    super('ROOT_NOT_FOUND', `no tracks root found from ${from} upwards`, "run 'track init' in the project, or pass --root <dir>");
  }
}

export class ConflictError extends TrackError {
  constructor(message: string, hint: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, hint, details);
  }
}

export class PermissionError extends TrackError {
  constructor(message: string, hint: string) {
    super('PERMISSION', message, hint);
  }
}

export class StepError extends TrackError {
  constructor(message: string, hint: string, details?: Record<string, unknown>) {
    super('STEP_FAILED', message, hint, details);
  }
}
