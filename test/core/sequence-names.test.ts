/** The rules of numbered names: every old sequential name and every tagged one is accepted, and both order by number. */
import { describe, expect, it } from 'vitest';
import { decideInputSchema } from '../../src/core/context-inputs.js';
import { makeTrackId, validateTrackId } from '../../src/core/ids.js';
import { nextStepId } from '../../src/core/plan.js';
import { minimumNextSequence } from '../../src/core/registry-rebuild.js';
import {
  ASSUMPTION_ID_PATTERN,
  CHECKPOINT_ID,
  checkpointSchema,
  DECISION_ID_PATTERN,
  decisionSchema,
  decisionsDocSchema,
  LEARNING_ID_PATTERN,
  RUN_ID,
  STEP_ID_PATTERN,
} from '../../src/core/schema.js';
import {
  compareNumbered,
  formatSequence,
  isNameTag,
  NAME_TAG_ALPHABET,
  nextSequenceNumber,
  numberedPrefixOf,
  sequenceNumber,
  sortNumbered,
} from '../../src/core/sequence-names.js';
import { parseInput } from '../../src/core/validate.js';
import { randomNameTag } from '../../src/store/name-tag.js';

const PATTERNS = [
  ['checkpoint', CHECKPOINT_ID],
  ['run', RUN_ID],
  ['dec', DECISION_ID_PATTERN],
  ['asm', ASSUMPTION_ID_PATTERN],
  ['lrn', LEARNING_ID_PATTERN],
] as const;

describe('numbered names', () => {
  it.each(PATTERNS)('%s: accepts the sequential form and the tagged form, the number in group 1', (prefix, pattern) => {
    for (const name of [`${prefix}-001`, `${prefix}-042`, `${prefix}-1234`, `${prefix}-001-k3x9p`, `${prefix}-007-22222`, `${prefix}-1000-zzzzz`]) {
      expect(pattern.test(name), name).toBe(true);
    }
    expect(sequenceNumber(`${prefix}-004-k3x9p`, pattern)).toBe(4);
    expect(sequenceNumber(`${prefix}-004`, pattern)).toBe(4);
    expect(pattern.exec(`${prefix}-004-k3x9p`)?.[2]).toBe('k3x9p');
  });

  it.each(PATTERNS)('%s: refuses what is neither', (prefix, pattern) => {
    for (const name of [
      `${prefix}-1`,
      `${prefix}-01`,
      `${prefix}-001-`,
      `${prefix}-001-k3x9`,
      `${prefix}-001-k3x9pq`,
      `${prefix}-001-K3X9P`,
      // 0, 1, i, l and o are not in the tag alphabet: they read alike.
      `${prefix}-001-k3x90`,
      `${prefix}-001-k3x91`,
      `${prefix}-001-k3xip`,
      `${prefix}-001-k3xlp`,
      `${prefix}-001-k3xop`,
      `${prefix}-001-../xx`,
      `x${prefix}-001`,
    ]) {
      expect(pattern.test(name), name).toBe(false);
    }
  });

  it('formats the number padded to three digits, the tag after it', () => {
    expect(formatSequence('checkpoint', 2)).toBe('checkpoint-002');
    expect(formatSequence('checkpoint', 2, 'm7q2r')).toBe('checkpoint-002-m7q2r');
    expect(formatSequence('run', 1234, undefined)).toBe('run-1234');
    expect(makeTrackId('auth-flow', 4, 'k3x9p')).toBe('track-auth-flow-004-k3x9p');
    expect(makeTrackId('auth-flow', 4)).toBe('track-auth-flow-004');
    expect(validateTrackId(makeTrackId('a'.repeat(40), 1234, 'k3x9p'))).toBe(`track-${'a'.repeat(40)}-1234-k3x9p`);
    expect(() => formatSequence('dec', 1, 'K3X9P')).toThrow(RangeError);
  });

  it('the next number is one above the highest, old and tagged names alike', () => {
    expect(nextSequenceNumber([], CHECKPOINT_ID)).toBe(1);
    expect(nextSequenceNumber(['checkpoint-001', 'checkpoint-003-k3x9p', 'checkpoint-002', 'other'], CHECKPOINT_ID)).toBe(4);
    expect(minimumNextSequence(['track-a-001', 'track-b-007-k3x9p', 'track-c-003'])).toBe(8);
    expect(nextStepId([{ step_id: 'step-001' }, { step_id: 'step-002-k3x9p' }, { step_id: 'custom' }])).toBe('step-003');
    expect(nextStepId([{ step_id: 'step-002-k3x9p' }], 'm7q2r')).toBe('step-003-m7q2r');
    expect(STEP_ID_PATTERN.test('step-003-m7q2r')).toBe(true);
  });

  it('orders by number, then by creation time, then by name', () => {
    const order = compareNumbered(DECISION_ID_PATTERN);
    const sorted = [
      { name: 'dec-010', created_at: '2026-01-01T00:00:00.000Z' },
      { name: 'dec-002-zzzzz', created_at: '2026-01-03T00:00:00.000Z' },
      { name: 'dec-002-aaaaa', created_at: '2026-01-04T00:00:00.000Z' },
      { name: 'dec-001' },
    ]
      .sort(order)
      .map((n) => n.name);
    // Number first (010 after 002, not before it as text), then time: the later-named one made first comes first.
    expect(sorted).toEqual(['dec-001', 'dec-002-zzzzz', 'dec-002-aaaaa', 'dec-010']);
    expect([{ name: 'dec-002-ccccc' }, { name: 'dec-002-bbbbb' }].sort(order).map((n) => n.name)).toEqual(['dec-002-bbbbb', 'dec-002-ccccc']);
  });

  it('sorts a directory listing by number, asking the time only of names that share one', () => {
    const asked: string[] = [];
    const times: Record<string, string> = { 'run-002-zzzzz': '2026-01-01T00:00:00.000Z', 'run-002-aaaaa': '2026-01-02T00:00:00.000Z' };
    const createdAt = (name: string) => {
      asked.push(name);
      return times[name];
    };
    expect(sortNumbered(['run-010', 'run-002-aaaaa', 'notes.txt', 'run-001', 'run-002-zzzzz', 'run-1000', 'run-999'], RUN_ID, createdAt)).toEqual([
      'run-001',
      'run-002-zzzzz',
      'run-002-aaaaa',
      'run-010',
      'run-999',
      'run-1000',
    ]);
    expect(asked.sort()).toEqual(['run-002-aaaaa', 'run-002-zzzzz']);
    // Without times, the name decides.
    expect(sortNumbered(['run-002-zzzzz', 'run-002-aaaaa'], RUN_ID)).toEqual(['run-002-aaaaa', 'run-002-zzzzz']);
  });

  it('documents keep both forms valid', () => {
    const decision = { id: 'dec-004-k3x9p', title: 't', alternatives: [], status: 'active', supersedes: 'dec-001', created_at: '2026-01-01T00:00:00.000Z' };
    const doc = (...items: object[]) => ({ format: 'track-decisions/1', items });
    // The compiled parser (what reads a document first) and the schema agree.
    expect(decisionsDocSchema.safeParse(doc(decision, { ...decision, id: 'dec-004', supersedes: 'dec-002-m7q2r' })).success).toBe(true);
    expect(decisionsDocSchema.safeParse(doc({ ...decision, id: 'dec-004-k3x9' })).success).toBe(false);
    expect(decisionSchema.safeParse({ ...decision, superseded_by: 'dec-005-22222' }).success).toBe(true);
    expect(checkpointSchema.shape.checkpoint_id.safeParse('checkpoint-002-m7q2r').success).toBe(true);
  });

  it('input errors describe both forms by example', () => {
    expect(() => parseInput(decideInputSchema, { title: 't', supersedes: 'dec-1' }, 'decide')).toThrow(
      "must be an id like dec-001 or dec-001-k3x9p ('dec-', three or more digits, and the tag a store shared through git adds)",
    );
    expect(parseInput(decideInputSchema, { title: 't', supersedes: 'dec-001-k3x9p' }, 'decide').supersedes).toBe('dec-001-k3x9p');
    expect(numberedPrefixOf(DECISION_ID_PATTERN.source)).toBe('dec');
    expect(numberedPrefixOf(RUN_ID.source)).toBe('run');
    expect(numberedPrefixOf(String(RUN_ID))).toBe('run');
    expect(numberedPrefixOf(STEP_ID_PATTERN.source)).toBeNull();
  });
});

describe('the random tag', () => {
  it('is five characters of the unambiguous alphabet, and varies', () => {
    expect(NAME_TAG_ALPHABET).toHaveLength(31);
    expect(NAME_TAG_ALPHABET).not.toMatch(/[01ilo]/);
    const tags = Array.from({ length: 2000 }, randomNameTag);
    for (const tag of tags) expect(isNameTag(tag), tag).toBe(true);
    // 31^5 ≈ 28.6 million tags: 2000 draws repeat one with probability below 7%; allow a few.
    expect(new Set(tags).size).toBeGreaterThan(1995);
    // Every character of the alphabet turns up (10,000 draws of 31 characters).
    expect(new Set(tags.join('')).size).toBe(31);
  });
});
