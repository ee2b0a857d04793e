import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { headParser } from '../../src/core/document-parsers.js';
import { lazySchema } from '../../src/core/lazy-schema.js';

const buildHead = () => z.object({ format: z.literal('track-head/1'), generation: z.int().check(z.gte(0)), active_track_id: z.nullable(z.string()) });

/** A lazy schema with the head document's compiled parser, counting how often it is built. */
function countedHead() {
  const counter = { builds: 0 };
  const schema = lazySchema(() => {
    counter.builds++;
    return buildHead();
  }, headParser);
  return { schema, counter };
}

describe('lazySchema', () => {
  it('builds the schema on first use, once', () => {
    const { schema, counter } = countedHead();
    expect(counter.builds).toBe(0);
    expect(Object.keys(schema.shape)).toEqual(['format', 'generation', 'active_track_id']);
    expect(schema.safeParse({}).success).toBe(false);
    expect(counter.builds).toBe(1);
  });

  it('stands for the schema: instanceof, pick, optional, JSON Schema', () => {
    const { schema } = countedHead();
    const real = buildHead();
    expect(schema instanceof z.ZodMiniObject).toBe(true);
    expect(z.toJSONSchema(schema)).toEqual(z.toJSONSchema(real));
    expect(z.toJSONSchema(z.pick(schema, { generation: true }))).toEqual(z.toJSONSchema(z.pick(real, { generation: true })));
    expect(z.optional(schema).safeParse(undefined).success).toBe(true);
    expect(z.object({ head: schema }).safeParse({ head: { format: 'track-head/1', generation: -1, active_track_id: null } }).success).toBe(false);
  });

  it('parses a valid document with the compiled parser, without building the schema', () => {
    const { schema, counter } = countedHead();
    const doc = { active_track_id: 'track-a', generation: 2, format: 'track-head/1', extra: true };
    expect(schema.parse(doc)).toEqual({ format: 'track-head/1', generation: 2, active_track_id: 'track-a' });
    expect(schema.safeParse(doc)).toEqual({ success: true, data: { format: 'track-head/1', generation: 2, active_track_id: 'track-a' } });
    expect(counter.builds).toBe(0);
  });

  it("gives an invalid document the schema's own error", () => {
    const { schema, counter } = countedHead();
    const doc = { format: 'track-head/1', generation: -1, active_track_id: null };
    expect(schema.safeParse(doc).error?.issues).toEqual(buildHead().safeParse(doc).error?.issues);
    expect(() => schema.parse(doc)).toThrow(z.core.$ZodError);
    expect(counter.builds).toBe(1);
  });
});
