import { InvalidStateError } from './errors.js';
import type { Action } from './face-commands.js';
import { cmd, type Hint, hint, joinHints } from './hint.js';
import type { HistoryEntry, Track } from './schema.js';
import type { TrackStatus } from './vocab.js';

/**
 * The lifecycle, as one table. Every state change in the product goes through `transition`.
 * It is the spec's diagram; nothing is added to it.
 */
export const TRANSITIONS: Readonly<Record<TrackStatus, readonly TrackStatus[]>> = {
  draft: ['ready', 'cancelled'],
  ready: ['active', 'cancelled'],
  active: ['paused', 'completed', 'failed'],
  paused: ['active', 'failed', 'cancelled'],
  completed: ['archived'],
  failed: ['archived'],
  cancelled: ['archived'],
  archived: [],
};

export function legalMoves(from: TrackStatus): readonly TrackStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: TrackStatus, to: TrackStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The command of each move. */
const MOVES: Readonly<Record<TrackStatus, Action | undefined>> = {
  draft: undefined,
  ready: 'ready',
  active: 'activate',
  paused: 'pause',
  completed: 'complete',
  failed: 'fail',
  cancelled: 'cancel',
  archived: 'archive',
};

/**
 * The commands of the legal route from `from` to `to` when it takes more than one move (e.g. pause,
 * then cancel). `activate` makes a draft or ready track active in one command, so a route through
 * `active` starts with it.
 */
function route(trackId: string, from: TrackStatus, to: TrackStatus): Hint | undefined {
  const path = pathTo(from, to);
  if (!path || path.length < 2) return undefined;
  const throughActive = path.indexOf('active');
  const moves = throughActive > 0 ? ['active' as const, ...path.slice(throughActive + 1)] : path;
  const actions = moves.map((status) => MOVES[status]);
  if (actions.length < 2 || actions.some((a) => a === undefined)) return undefined;
  const id = { track_id: trackId };
  const [first, ...rest] = actions as Action[];
  return joinHints([hint`${cmd(first as Action, id)} first`, ...rest.map((a) => hint`${cmd(a, id)}`)], ', then ');
}

export function assertTransition(trackId: string, from: TrackStatus, to: TrackStatus): void {
  if (!canTransition(from, to)) throw new InvalidStateError(trackId, from, to, legalMoves(from), route(trackId, from, to));
}

/** Returns the track in its new state with the move recorded in `status_history`. */
export function transition(track: Track, to: TrackStatus, at: string, reason?: string): Track {
  assertTransition(track.track_id, track.status, to);
  const entry: HistoryEntry = { from: track.status, to, at, ...(reason ? { reason } : {}) };
  return { ...track, status: to, updated_at: at, status_history: [...track.status_history, entry] };
}

/**
 * The shortest legal path from `from` to `to` (breadth-first over the table), used where the
 * spec's own sequences skip a state, e.g. `create` then `activate` goes draft → ready → active.
 */
export function pathTo(from: TrackStatus, to: TrackStatus): TrackStatus[] | null {
  if (from === to) return [];
  const previous = new Map<TrackStatus, TrackStatus>();
  const queue: TrackStatus[] = [from];
  while (queue.length) {
    const at = queue.shift() as TrackStatus;
    for (const next of TRANSITIONS[at]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, at);
      if (next === to) {
        const path: TrackStatus[] = [to];
        let cursor = at;
        while (cursor !== from) {
          path.unshift(cursor);
          cursor = previous.get(cursor) as TrackStatus;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

export const isClosed = (status: TrackStatus): boolean => status === 'completed' || status === 'failed' || status === 'cancelled' || status === 'archived';
