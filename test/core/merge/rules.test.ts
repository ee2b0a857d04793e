import { describe, expect, it } from 'vitest';
import { transition } from '../../../src/core/lifecycle.js';
import { mergeDocument } from '../../../src/core/merge/document.js';
import { type DecisionsDoc, decisionsDocSchema, type Track, trackSchema } from '../../../src/core/schema.js';
import { at, baseTrack, decision, decisions, edited, step, text } from './samples.js';

function merged(base: unknown, ours: unknown, theirs: unknown, path = 'tracks/track-shared-001/track.json'): string {
  const r = mergeDocument(base === null ? '' : text(base), text(ours), text(theirs), path);
  if (!r.ok) throw new Error(r.reason);
  return r.text;
}
const mergedTrack = (b: Track | null, o: Track, t: Track): Track => trackSchema.parse(JSON.parse(merged(b, o, t)));
const mergedDecisions = (b: DecisionsDoc | null, o: DecisionsDoc, t: DecisionsDoc): DecisionsDoc =>
  decisionsDocSchema.parse(JSON.parse(merged(b, o, t, 'tracks/track-shared-001/context/decisions.json')));

describe('merging track.json', () => {
  const base = baseTrack();

  it('takes a change made on one side only, and keeps both sides’ steps with progress recomputed', () => {
    const ours = edited(base, at(1), (t) => ({ ...t, name: 'renamed', steps: [...t.steps, step('step-003', 30)] }));
    const theirs = edited(base, at(2), (t) => ({ ...t, steps: t.steps.map((s) => (s.step_id === 'step-001' ? { ...s, status: 'completed' } : s)) }));
    const m = mergedTrack(base, ours, theirs);
    expect(m.name).toBe('renamed');
    expect(m.steps.map((s) => [s.step_id, s.status])).toEqual([
      ['step-001', 'completed'],
      ['step-002', 'pending'],
      ['step-003', 'pending'],
    ]);
    expect(m.progress).toMatchObject({ completed_steps: 1, total_steps: 3, current_step_id: 'step-002' });
    expect(m.updated_at).toBe(at(2));
    expect(m.merge_history).toBeUndefined();
  });

  it('decides a field changed differently on both sides by the later document, and records the loser', () => {
    const ours = edited(base, at(5), (t) => ({ ...t, priority: 'P0' }));
    const theirs = edited(base, at(3), (t) => ({ ...t, priority: 'P1' }));
    const m = mergedTrack(base, ours, theirs);
    expect(m.priority).toBe('P0');
    expect(m.merge_history).toEqual([{ field: 'priority', kept: '"P0"', lost: '"P1"', at: at(5) }]);
    expect(merged(base, theirs, ours)).toBe(merged(base, ours, theirs));
  });

  it('at the same time, keeps the value whose canonical JSON sorts last, whichever side is ours', () => {
    const ours = edited(base, at(3), (t) => ({ ...t, priority: 'P0' }));
    const theirs = edited(base, at(3), (t) => ({ ...t, priority: 'P3' }));
    expect(mergedTrack(base, ours, theirs).priority).toBe('P3');
    expect(merged(base, theirs, ours)).toBe(merged(base, ours, theirs));
  });

  it('merges lists as sets: both additions kept, a removal on one side kept', () => {
    const ours = edited(base, at(1), (t) => ({ ...t, tags: ['b'] }));
    const theirs = edited(base, at(2), (t) => ({ ...t, tags: ['a', 'c'], context: { ...t.context, target_files: ['src/x.ts'] } }));
    const m = mergedTrack(base, ours, theirs);
    expect(m.tags).toEqual(['b', 'c']);
    expect(m.context.target_files).toEqual(['src/x.ts']);
  });

  it('merges one step changed on both sides field by field', () => {
    const ours = edited(base, at(1), (t) => ({ ...t, steps: t.steps.map((s) => (s.step_id === 'step-002' ? { ...s, notes: 'mind the cache' } : s)) }));
    const theirs = edited(base, at(2), (t) => ({ ...t, steps: t.steps.map((s) => (s.step_id === 'step-002' ? { ...s, status: 'completed' } : s)) }));
    expect(mergedTrack(base, ours, theirs).steps[1]).toMatchObject({ step_id: 'step-002', notes: 'mind the cache', status: 'completed' });
  });

  it('keeps two different steps both sides added under one id, renumbering one with its own references', () => {
    const ours = edited(base, at(1), (t) => ({
      ...t,
      steps: [...t.steps, step('step-003', 30, { name: 'write docs' }), step('step-004', 40, { depends_on: ['step-003'] })],
    }));
    const theirs = edited(base, at(2), (t) => ({ ...t, steps: [...t.steps, step('step-003', 30, { name: 'add tests' })] }));
    const m = mergedTrack(base, ours, theirs);
    expect(m.steps.map((s) => [s.step_id, s.name])).toEqual([
      ['step-001', 'do step-001'],
      ['step-002', 'do step-002'],
      ['step-003', 'write docs'],
      ['step-005', 'add tests'],
      ['step-004', 'do step-004'],
    ]);
    expect(m.steps.find((s) => s.step_id === 'step-004')?.depends_on).toEqual(['step-003']);
    expect(merged(base, theirs, ours)).toBe(merged(base, ours, theirs));
  });

  it('renames a colliding step whose id is not sequential with a tag from its content', () => {
    const ours = edited(base, at(1), (t) => ({
      ...t,
      steps: [...t.steps, step('docs', 30, { name: 'add docs' }), step('step-004', 40, { depends_on: ['docs'] })],
    }));
    const theirs = edited(base, at(2), (t) => ({ ...t, steps: [...t.steps, step('docs', 30, { name: 'write docs' })] }));
    const m = mergedTrack(base, ours, theirs);
    // The version whose canonical JSON sorts first ('add docs') is the one renamed.
    const renamed = m.steps.find((s) => s.name === 'add docs');
    expect(renamed?.step_id).toMatch(/^docs-[2-9a-hjkmnp-z]{5}$/);
    expect(m.steps.find((s) => s.name === 'write docs')?.step_id).toBe('docs');
    expect(m.steps.find((s) => s.step_id === 'step-004')?.depends_on).toEqual([renamed?.step_id]);
    expect(merged(base, theirs, ours)).toBe(merged(base, ours, theirs));
  });

  it('keeps every status change of both sides and decides the status through the lifecycle', () => {
    const active = edited(base, at(1), (t) => transition(t, 'active', at(1)));
    const paused = edited(active, at(2), (t) => transition(t, 'paused', at(2)));
    const completed = edited(active, at(3), (t) => transition(t, 'completed', at(3)));
    const m = mergedTrack(active, paused, completed);
    expect(m.status_history.map((h) => `${h.from}>${h.to}`)).toEqual(['null>draft', 'draft>ready', 'ready>active', 'active>paused', 'active>completed']);
    // Paused first: the completion started from a status the merged track had left.
    expect(m.status).toBe('paused');
    expect(m.merge_history).toEqual([{ field: 'status', kept: '"paused"', lost: '"completed"', at: at(3) }]);
    const resumed = edited(paused, at(4), (t) => transition(t, 'active', at(4)));
    expect(mergedTrack(active, resumed, completed).status).toBe('active');
  });

  it('merges a track both sides added (no base)', () => {
    const ours = edited(base, at(1), (t) => ({ ...t, steps: [step('step-001', 10)] }));
    const theirs = edited(base, at(2), (t) => ({ ...t, description: 'from theirs', steps: [step('step-001', 10)] }));
    const m = mergedTrack(null, ours, theirs);
    expect(m.description).toBe('from theirs');
    expect(m.steps).toHaveLength(1);
  });

  it('refuses what it cannot merge, with the reason', () => {
    const good = text(base);
    expect(mergeDocument('', '{ not json', good, 'x/track.json')).toMatchObject({ ok: false, reason: expect.stringContaining('not valid JSON') });
    expect(mergeDocument('', '{"format":"other/1"}', good, 'x/a.json')).toMatchObject({ ok: false, reason: expect.stringContaining('not a document') });
    expect(mergeDocument('', text({ ...base, priority: 'P9' }), good, 'x/track.json')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('priority'),
    });
    const decisionsText = text(decisions());
    expect(mergeDocument('', decisionsText, good, 'x/track.json')).toMatchObject({ ok: false });
  });
});

describe('merging context documents', () => {
  const base = decisions(decision('dec-001', at(0)));

  it('unions items by id and merges an item changed on both sides field by field', () => {
    const ours = decisions(decision('dec-001', at(0), { rationale: 'because' }), decision('dec-003', at(2)));
    const theirs = decisions(
      decision('dec-001', at(0), { status: 'superseded', superseded_by: 'dec-002' }),
      decision('dec-002', at(1), { supersedes: 'dec-001' }),
    );
    const m = mergedDecisions(base, ours, theirs);
    expect(m.items.map((d) => d.id)).toEqual(['dec-001', 'dec-002', 'dec-003']);
    expect(m.items[0]).toMatchObject({ rationale: 'because', status: 'superseded', superseded_by: 'dec-002' });
    expect(m.merge_history).toBeUndefined();
  });

  it('keeps two decisions both sides recorded under one id, the superseding one renumbered with its reference', () => {
    const ours = decisions(
      decision('dec-001', at(0), { status: 'superseded', superseded_by: 'dec-002' }),
      decision('dec-002', at(1), { supersedes: 'dec-001', title: 'use zod' }),
    );
    const theirs = decisions(decision('dec-001', at(0)), decision('dec-002', at(2), { title: 'use valibot' }));
    const m = mergedDecisions(base, ours, theirs);
    expect(m.items.map((d) => [d.id, d.title])).toEqual([
      ['dec-001', 'decide dec-001'],
      ['dec-003', 'use zod'],
      ['dec-002', 'use valibot'],
    ]);
    expect(m.items[0]).toMatchObject({ status: 'superseded', superseded_by: 'dec-003' });
    expect(m.items[1]?.supersedes).toBe('dec-001');
  });

  it('adds to an empty base (both sides created the file)', () => {
    const m = mergedDecisions(null, decisions(decision('dec-002', at(2))), decisions(decision('dec-001', at(1))));
    expect(m.items.map((d) => d.id)).toEqual(['dec-001', 'dec-002']);
  });

  it('records the value a field lost', () => {
    const ours = decisions(decision('dec-001', at(0), { title: 'use zod' }));
    const theirs = decisions(decision('dec-001', at(0), { title: 'use valibot' }));
    const m = mergedDecisions(base, ours, theirs);
    expect(m.items[0]?.title).toBe('use zod');
    expect(m.merge_history).toEqual([{ field: 'decisions.dec-001.title', kept: '"use zod"', lost: '"use valibot"', at: at(0) }]);
  });
});
