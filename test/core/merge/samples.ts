/** Tracks and context documents for the merge driver's tests, built as the store writes them. */
import { toJsonText } from '../../../src/core/json.js';
import { transition } from '../../../src/core/lifecycle.js';
import type { Decision, DecisionsDoc, Step, Track } from '../../../src/core/schema.js';
import { newTrack, normalizeTrack } from '../../../src/core/track-factory.js';

export const T0 = '2026-11-30T10:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const step = (id: string, order: number, fields: Partial<Step> = {}): Step => ({
  step_id: id,
  name: `do ${id}`,
  type: 'implementation',
  status: 'pending',
  order,
  action: { type: 'manual' },
  depends_on: [],
  ...fields,
});

/** A ready track with two steps, as the common ancestor of two branches. */
export function baseTrack(): Track {
  const t = newTrack({ track_id: 'track-shared-001', name: 'shared', type: 'feature', priority: 'P2', goal: 'ship it', tags: ['a'] }, T0);
  return normalizeTrack(transition({ ...t, steps: [step('step-001', 10), step('step-002', 20)] }, 'ready', T0), T0);
}

/** A track edited at `when`: `edit` changes it, progress and updated_at follow as in the store. */
export const edited = (track: Track, when: string, edit: (t: Track) => Track): Track => normalizeTrack(edit(track), when);

export const text = (doc: unknown): string => toJsonText(doc);

export const decision = (id: string, created: string, fields: Partial<Decision> = {}): Decision => ({
  id,
  title: `decide ${id}`,
  alternatives: [],
  status: 'active',
  created_at: created,
  ...fields,
});

export const decisions = (...items: Decision[]): DecisionsDoc => ({ format: 'track-decisions/1', items });
