/** The merge driver on random divergent edits of one track and its decisions, from a common base. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/canonical.js';
import { legalMoves, transition } from '../../../src/core/lifecycle.js';
import { mergeDocument } from '../../../src/core/merge/document.js';
import { nextStepId } from '../../../src/core/plan.js';
import { deriveProgress } from '../../../src/core/progress.js';
import { type DecisionsDoc, decisionsDocSchema, type Track, trackSchema } from '../../../src/core/schema.js';
import { PRIORITIES } from '../../../src/core/vocab.js';
import { at, baseTrack, decision, decisions, edited, step, text } from './samples.js';

type Edit =
  | { kind: 'add-step'; name: string }
  | { kind: 'complete-step'; index: number }
  | { kind: 'priority'; value: (typeof PRIORITIES)[number] }
  | { kind: 'name'; value: string }
  | { kind: 'move'; index: number }
  | { kind: 'decide'; title: string }
  | { kind: 'supersede'; index: number };

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta');
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('add-step' as const), name: word }),
  fc.record({ kind: fc.constant('complete-step' as const), index: fc.nat(9) }),
  fc.record({ kind: fc.constant('priority' as const), value: fc.constantFrom(...PRIORITIES) }),
  fc.record({ kind: fc.constant('name' as const), value: word }),
  fc.record({ kind: fc.constant('move' as const), index: fc.nat(5) }),
  fc.record({ kind: fc.constant('decide' as const), title: word }),
  fc.record({ kind: fc.constant('supersede' as const), index: fc.nat(5) }),
);
/** One branch: its edits, each some minutes after the one before (the two branches' clocks may tie). */
const branchArb = fc.array(fc.tuple(editArb, fc.integer({ min: 0, max: 1 })), { maxLength: 8 });

interface State {
  track: Track;
  decisions: DecisionsDoc;
}

/**
 * Applies one branch's edits as the product makes them: both branches number new steps and
 * decisions from the same base, so they collide (as in a store outside git, or an older one).
 */
function play(base: State, edits: [Edit, number][]): State {
  let { track, decisions: doc } = base;
  let minute = 0;
  for (const [edit, gap] of edits) {
    minute += gap;
    const when = at(minute + 1);
    if (edit.kind === 'add-step') {
      const order = Math.max(0, ...track.steps.map((s) => s.order)) + 10;
      track = edited(track, when, (t) => ({ ...t, steps: [...t.steps, step(nextStepId(t.steps), order, { name: edit.name })] }));
    } else if (edit.kind === 'complete-step') {
      const target = track.steps[edit.index % track.steps.length];
      track = edited(track, when, (t) => ({ ...t, steps: t.steps.map((s) => (s === target ? { ...s, status: 'completed', completed_at: when } : s)) }));
    } else if (edit.kind === 'priority' || edit.kind === 'name') {
      const field = edit.kind;
      track = edited(track, when, (t) => ({ ...t, [field]: edit.value }));
    } else if (edit.kind === 'move') {
      const moves = legalMoves(track.status);
      const to = moves[edit.index % Math.max(1, moves.length)];
      if (to) track = edited(track, when, (t) => transition(t, to, when));
    } else {
      const id = `dec-${String(doc.items.length + 1).padStart(3, '0')}`;
      const active = doc.items.filter((d) => d.status === 'active');
      const old = edit.kind === 'supersede' ? active[edit.index % Math.max(1, active.length)] : undefined;
      const added = decision(id, when, old ? { supersedes: old.id } : {});
      doc = decisions(...doc.items.map((d) => (d === old ? { ...d, status: 'superseded' as const, superseded_by: id } : d)), added);
    }
  }
  return { track, decisions: doc };
}

function merge(base: unknown, ours: unknown, theirs: unknown, path: string): string {
  const r = mergeDocument(text(base), text(ours), text(theirs), path);
  if (!r.ok) throw new Error(r.reason);
  return r.text;
}

const identities = (entries: readonly unknown[]): string[] => entries.map((e) => canonicalJson(e));

/** How many entries a merge must hold: every key of either side, plus one for each key both added with different contents. */
function expectedCount<T>(base: readonly T[], ours: readonly T[], theirs: readonly T[], key: (item: T) => string): number {
  const baseKeys = new Set(base.map(key));
  const theirsBy = new Map(theirs.map((i) => [key(i), i]));
  const keys = new Set([...ours, ...theirs].map(key));
  const collisions = ours.filter((i) => !baseKeys.has(key(i)) && theirsBy.has(key(i)) && canonicalJson(i) !== canonicalJson(theirsBy.get(key(i))));
  return keys.size + collisions.length;
}

describe('the merge driver on random divergent edits', () => {
  const base: State = { track: baseTrack(), decisions: decisions(decision('dec-001', at(0))) };

  it('gives a valid document with both sides’ history and items, the same bytes every time and whichever side is ours', () => {
    fc.assert(
      fc.property(branchArb, branchArb, (a, b) => {
        const ours = play(base, a);
        const theirs = play(base, b);
        const trackText = merge(base.track, ours.track, theirs.track, 'track.json');
        expect(merge(base.track, ours.track, theirs.track, 'track.json')).toBe(trackText);
        expect(merge(base.track, theirs.track, ours.track, 'track.json')).toBe(trackText);
        const track = trackSchema.parse(JSON.parse(trackText));

        const history = new Set(identities(track.status_history));
        for (const side of [ours.track, theirs.track]) for (const id of identities(side.status_history)) expect(history.has(id)).toBe(true);
        expect(new Set(track.steps.map((s) => s.step_id)).size).toBe(track.steps.length);
        expect(track.steps).toHaveLength(expectedCount(base.track.steps, ours.track.steps, theirs.track.steps, (s) => s.step_id));
        for (const side of [ours.track, theirs.track])
          for (const s of side.steps) expect(track.steps.some((m) => m.name === s.name && m.order === s.order)).toBe(true);
        expect(track.progress).toEqual(deriveProgress(track.steps));
        expect(track.updated_at).toBe([ours.track.updated_at, theirs.track.updated_at].sort()[1]);
        if (ours.track.priority !== theirs.track.priority && ours.track.priority !== base.track.priority && theirs.track.priority !== base.track.priority) {
          const later = Date.parse(ours.track.updated_at) - Date.parse(theirs.track.updated_at);
          const winner = later > 0 ? ours.track.priority : later < 0 ? theirs.track.priority : [ours.track.priority, theirs.track.priority].sort()[1];
          expect(track.priority).toBe(winner);
          const loser = winner === ours.track.priority ? theirs.track.priority : ours.track.priority;
          expect(track.merge_history).toContainEqual({ field: 'priority', kept: JSON.stringify(winner), lost: JSON.stringify(loser), at: track.updated_at });
        }

        const decisionsText = merge(base.decisions, ours.decisions, theirs.decisions, 'context/decisions.json');
        expect(merge(base.decisions, theirs.decisions, ours.decisions, 'context/decisions.json')).toBe(decisionsText);
        const merged = decisionsDocSchema.parse(JSON.parse(decisionsText));
        const decided = new Set(merged.items.map((d) => d.id));
        expect(decided.size).toBe(merged.items.length);
        expect(merged.items).toHaveLength(expectedCount(base.decisions.items, ours.decisions.items, theirs.decisions.items, (d) => d.id));
        for (const side of [ours.decisions, theirs.decisions]) {
          for (const d of side.items) expect(merged.items.some((m) => m.title === d.title && m.created_at === d.created_at)).toBe(true);
        }
        for (const d of merged.items) if (d.superseded_by) expect(decided.has(d.superseded_by)).toBe(true);
      }),
    );
  });
});
