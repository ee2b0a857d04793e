import { describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../src/core/errors.js';
import { canTransition, legalMoves, pathTo, TRANSITIONS, transition } from '../../src/core/lifecycle.js';
import { newTrack } from '../../src/core/track-factory.js';
import { STATUSES, type TrackStatus } from '../../src/core/vocab.js';

const AT = '2026-01-01T00:00:00.000Z';
const track = (status: TrackStatus) => ({ ...newTrack({ track_id: 'track-t-001', name: 'T', type: 'feature', priority: 'P2', goal: 'g' }, AT), status });

const LEGAL: Array<[TrackStatus, TrackStatus]> = [
  ['draft', 'ready'],
  ['draft', 'cancelled'],
  ['ready', 'active'],
  ['ready', 'cancelled'],
  ['active', 'paused'],
  ['active', 'completed'],
  ['active', 'failed'],
  ['paused', 'active'],
  ['paused', 'failed'],
  ['paused', 'cancelled'],
  ['completed', 'archived'],
  ['failed', 'archived'],
  ['cancelled', 'archived'],
];

describe('lifecycle table', () => {
  it('is exactly the spec diagram', () => {
    const table = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`));
    expect(table.sort()).toEqual(LEGAL.map(([a, b]) => `${a}->${b}`).sort());
  });

  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const legal = LEGAL.some(([a, b]) => a === from && b === to);
      it(`${from} → ${to} is ${legal ? 'legal' : 'illegal'}`, () => {
        expect(canTransition(from, to)).toBe(legal);
        if (legal) {
          const moved = transition(track(from), to, AT, 'because');
          expect(moved.status).toBe(to);
          expect(moved.status_history.at(-1)).toEqual({ from, to, at: AT, reason: 'because' });
        } else {
          let error: unknown;
          try {
            transition(track(from), to, AT);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(InvalidStateError);
          const e = error as InvalidStateError;
          expect(e.message).toContain(`is ${from}`);
          expect(e.details?.legal).toEqual([...legalMoves(from)]);
          expect(e.exitCode).toBe(4);
        }
      });
    }
  }

  it('finds the two-step path from draft to active', () => {
    expect(pathTo('draft', 'active')).toEqual(['ready', 'active']);
    expect(pathTo('ready', 'active')).toEqual(['active']);
    expect(pathTo('archived', 'active')).toBeNull();
    expect(pathTo('completed', 'active')).toBeNull();
  });

  it('a move that takes a route hints the commands along it; one that cannot be made does not', () => {
    const refusal = (from: TrackStatus, to: TrackStatus) => {
      const error = (() => {
        try {
          transition(track(from), to, AT);
        } catch (e) {
          return e as InvalidStateError;
        }
        throw new Error(`${from} → ${to} was allowed`);
      })();
      return [error.hint, error.hintFor('mcp-all')];
    };
    expect(refusal('active', 'cancelled')).toEqual([
      "from active the track can go to: paused, completed, failed; 'track pause track-t-001' first, then 'track cancel track-t-001'",
      'from active the track can go to: paused, completed, failed; `pause {"track_id":"track-t-001"}` first, then `cancel {"track_id":"track-t-001"}`',
    ]);
    expect(refusal('active', 'archived')[0]).toBe(
      "from active the track can go to: paused, completed, failed; 'track complete track-t-001' first, then 'track archive track-t-001'",
    );
    // `activate` takes a draft through ready to active in one command: the route names it, then the move asked for.
    expect(refusal('draft', 'completed')[0]).toBe(
      "from draft the track can go to: ready, cancelled; 'track activate track-t-001' first, then 'track complete track-t-001'",
    );
    expect(refusal('ready', 'paused')[0]).toBe(
      "from ready the track can go to: active, cancelled; 'track activate track-t-001' first, then 'track pause track-t-001'",
    );
    expect(refusal('draft', 'archived')[0]).toBe(
      "from draft the track can go to: ready, cancelled; 'track cancel track-t-001' first, then 'track archive track-t-001'",
    );
    expect(refusal('completed', 'active')[0]).toBe('from completed the track can go to: archived');
  });
});
