/**
 * Typed errors. Each has a stable `code`, the process `exitCode` the CLI uses, and a hint naming
 * the way out: data whose commands each face renders in its own syntax (`hintFor`). The exit
 * codes are documented in the README.
 */
import type { Face } from './face-commands.js';
import { asHint, cmd, type Hint, type HintLike, hint, joinHints, opt, renderHint, run } from './hint.js';
import { closest, didYouMean } from './suggest.js';
import { shortCommand } from './trust.js';

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
  ACTIVE_IN_OTHER_LANE: 14,
  UNTRUSTED_COMMAND: 15,
  DATABASE_UNAVAILABLE: 16,
  SCHEMA_MISMATCH: 17,
} as const;

export type ErrorCode = keyof typeof EXIT_CODES;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  hint: string | null;
  details: Record<string, unknown>;
}

export class TrackError extends Error {
  override name = 'TrackError';
  readonly code: ErrorCode;
  /** The hint as data; `hint` is it in the CLI's words, `hintFor(face)` in another face's. */
  readonly hintData: Hint | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, hint?: HintLike, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.hintData = hint === undefined ? undefined : asHint(hint);
    this.details = details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  /** The hint as the CLI prints it (`track …` command lines). */
  get hint(): string | undefined {
    return this.hintFor('cli');
  }

  hintFor(face: Face): string | undefined {
    return this.hintData === undefined ? undefined : renderHint(face, this.hintData);
  }

  /** The stable shape every face prints: the same four keys always, no class or internal names; the hint in that face's words. */
  payload(face: Face): ErrorPayload {
    return { code: this.code, message: this.message, hint: this.hintFor(face) ?? null, details: this.details ?? {} };
  }

  toJSON(): ErrorPayload {
    return this.payload('cli');
  }
}

export class ValidationError extends TrackError {
  override name = 'ValidationError';
  constructor(message: string, hint?: HintLike, details?: Record<string, unknown>) {
    super('VALIDATION', message, hint, details);
  }
}

export class TrackNotFoundError extends TrackError {
  override name = 'TrackNotFoundError';
  /** `knownIds`: the ids that do exist, to suggest the closest ones. */
  constructor(trackId: string, knownIds: Iterable<string> = []) {
    const near = closest(trackId, knownIds);
    super(
      'NOT_FOUND',
      `track '${trackId}' does not exist`,
      near.length ? hint`${didYouMean(near)} (${cmd('list')} shows every id)` : hint`${run('list')} to see the track ids`,
      { track_id: trackId, ...(near.length ? { did_you_mean: near } : {}) },
    );
  }
}

export class NoActiveTrackError extends TrackError {
  override name = 'NoActiveTrackError';
  /**
   * `paused`: the paused tracks, most recent first (a few), named so the user resumes one instead
   * of starting over. `byId`: whether passing a track id works for the command at hand (a read
   * works on a paused track; `next` and `pause` need the active one), so the hint offers it only then.
   */
  constructor(paused: ReadonlyArray<{ track_id: string; name: string }> = [], pausedTotal = paused.length, byId = true) {
    const [latest] = paused;
    if (!latest) {
      const activate = cmd('activate', { track_id: '<id>' });
      super(
        'NOT_FOUND',
        'no track is active and no track id was given',
        byId ? hint`pass ${opt('track_id', '<id>')}, or ${activate} first` : hint`${activate} first`,
      );
      return;
    }
    const named = paused.map((t) => `${t.track_id} (${t.name.slice(0, 60)})`).join(', ');
    const more = pausedTotal > paused.length ? ` and ${pausedTotal - paused.length} more` : '';
    const resume = hint`${paused.length > 1 ? 'resume the most recent' : 'resume it'}: ${cmd('resume', { track_id: latest.track_id })}`;
    super(
      'NOT_FOUND',
      `no track is active and no track id was given; paused, most recent first: ${named}${more}`,
      byId ? joinHints([resume, hint`pass ${opt('track_id', latest.track_id)}`], ', or ') : resume,
      { paused: paused.map((t) => t.track_id), paused_total: pausedTotal },
    );
  }
}

export class InvalidStateError extends TrackError {
  override name = 'InvalidStateError';
  /** `way`: the commands that get there over more moves, when there is such a route (pause, then cancel). */
  constructor(trackId: string, current: string, wanted: string, legal: readonly string[], way?: HintLike) {
    const moves = legal.length ? legal.join(', ') : 'none (final state)';
    const where = legal.length ? `from ${current} the track can go to: ${moves}` : `a ${current} track cannot change state`;
    super(
      'INVALID_STATE',
      `track '${trackId}' is ${current}; it cannot become ${wanted} (legal moves from ${current}: ${moves})`,
      way ? joinHints([where, way], '; ') : where,
      { track_id: trackId, current, wanted, legal: [...legal] },
    );
  }
}

export class ActiveTrackExistsError extends TrackError {
  override name = 'ActiveTrackExistsError';
  /** `args`: what the switch must also say (the take-over the refused activation asked for). */
  constructor(activeId: string, wantedId: string, args: { take_over?: boolean | undefined } = {}) {
    super(
      'ACTIVE_TRACK_EXISTS',
      `track '${activeId}' is already active; only one track can be active at a time in a lane`,
      hint`${cmd('switch', { to: wantedId, ...args })}`,
      {
        active_track_id: activeId,
        track_id: wantedId,
      },
    );
  }
}

/** Where a track is held: the lane, its checkout, and since when the track is active there. */
export interface LaneHolder {
  lane: string;
  worktree: string | null;
  since: string | null;
  /** True when the lane is its worktree's own (a tool reaches it by that `cwd`; a named lane only by its name). */
  worktreeLane: boolean;
  /** Set when the lane is another clone's (the track came in through git): it can be paused only there. */
  clone?: string | undefined;
}

export class ActiveInOtherLaneError extends TrackError {
  override name = 'ActiveInOtherLaneError';
  constructor(trackId: string, holder: LaneHolder, via: 'activate' | 'switch') {
    const where = [holder.worktree ? `worktree ${holder.worktree}` : null, holder.since ? `since ${holder.since}` : null].filter(Boolean).join(', ');
    const takeOver = via === 'switch' ? cmd('switch', { to: trackId, take_over: true }) : cmd('activate', { track_id: trackId, take_over: true });
    const lane = holder.clone ? `lane ${holder.lane} of another clone (${holder.clone})` : `lane ${holder.lane}`;
    super(
      'ACTIVE_IN_OTHER_LANE',
      `track '${trackId}' is active in ${lane}${where ? ` (${where})` : ''}; a track is active in one lane at a time`,
      holder.clone
        ? hint`pause it in that clone and merge, or take it over into this lane with ${takeOver}`
        : hint`pause it there with ${cmd('pause', { lane: holder.lane, ...(holder.worktree && holder.worktreeLane ? { cwd: holder.worktree } : {}) })}, or take it over into this lane with ${takeOver}`,
      { track_id: trackId, lane: holder.lane, worktree: holder.worktree, since: holder.since, ...(holder.clone ? { clone: holder.clone } : {}) },
    );
  }
}

export class LockTimeoutError extends TrackError {
  override name = 'LockTimeoutError';
  constructor(lockPath: string, owner: string, waitedMs: number) {
    super(
      'LOCK_TIMEOUT',
      `the tracks root is locked by ${owner}; gave up after ${waitedMs} ms`,
      hint`retry when the other track command finishes; if its process is gone, ${cmd('doctor', { fix: true })} clears the lock`,
      { lock: lockPath },
    );
  }
}

export class ChecksumMismatchError extends TrackError {
  override name = 'ChecksumMismatchError';
  /** `way`: the way out where restoring a checkpoint is not it (a damaged bundle is exported again). */
  constructor(what: string, expected: string, actual: string, way?: HintLike) {
    super(
      'CHECKSUM_MISMATCH',
      `checksum mismatch in ${what}: expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…`,
      way ?? hint`the file was modified or damaged; ${run('checkpoints')} and restore an intact checkpoint`,
      { what, expected, actual },
    );
  }
}

export class CorruptStoreError extends TrackError {
  override name = 'CorruptStoreError';
  constructor(file: string, problem: string) {
    super('CORRUPT_STORE', `${file}: ${problem}`, hint`${run('doctor')} to inspect the store (${cmd('doctor', { fix: true })} to repair)`, { file });
  }
}

/** A store file git left with conflict markers: a merge is unresolved. Never repaired by moving it away. */
export class MergeConflictError extends TrackError {
  override name = 'MergeConflictError';
  constructor(file: string) {
    super(
      'CORRUPT_STORE',
      `${file}: has unresolved git merge conflict markers`,
      `finish the merge: in a clone without the merge driver, 'track init' then 'git checkout -m -- ${file}' merges it by meaning; else edit it to keep both sides (or 'git checkout --ours'/'--theirs' -- the file); then 'git add' it. track doctor leaves it where it is`,
      { file, conflict: true },
    );
  }
}

export class UnsafePathError extends TrackError {
  override name = 'UnsafePathError';
  constructor(path: string, problem: string, hint = 'use a plain name or a path inside the project') {
    super('UNSAFE_PATH', `refused path '${path}': ${problem}`, hint, { path });
  }
}

export class RootNotFoundError extends TrackError {
  override name = 'RootNotFoundError';
  constructor(from: string) {
    super('ROOT_NOT_FOUND', `no tracks root found from ${from} upwards`, hint`${run('init')} in the project, or pass --root <dir>`);
  }
}

export class ConflictError extends TrackError {
  override name = 'ConflictError';
  constructor(message: string, hint: HintLike, details?: Record<string, unknown>) {
    super('CONFLICT', message, hint, details);
  }
}

export class PermissionError extends TrackError {
  override name = 'PermissionError';
  constructor(message: string, hint: HintLike) {
    super('PERMISSION', message, hint);
  }
}

export class StepError extends TrackError {
  override name = 'StepError';
  constructor(message: string, hint: HintLike, details?: Record<string, unknown>) {
    super('STEP_FAILED', message, hint, details);
  }
}

/** A command that arrived through git (a pull, a merge, a clone) and that no one in this clone has approved yet. */
export class UntrustedCommandError extends TrackError {
  override name = 'UntrustedCommandError';
  constructor(trackId: string, stepId: string, command: string, where: { task?: string | undefined; workflow?: string | undefined } = {}) {
    const what = [`step ${stepId}`, where.task !== undefined ? `task '${where.task}'` : null, where.workflow ? `of workflow '${where.workflow}'` : null]
      .filter(Boolean)
      .join(' ');
    super(
      'UNTRUSTED_COMMAND',
      `track '${trackId}' ${what} would run a command this clone has not approved: ${shortCommand(command)}`,
      hint`it arrived through git (written in another clone); read it, then approve it with ${cmd('trust', { track_id: trackId })}`,
      {
        track_id: trackId,
        step_id: stepId,
        command,
        ...(where.task !== undefined ? { task: where.task } : {}),
        ...(where.workflow ? { workflow: where.workflow } : {}),
      },
    );
  }
}
