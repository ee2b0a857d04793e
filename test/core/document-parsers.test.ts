import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DOCUMENT_SCHEMAS, documentParsersSource } from '../../scripts/document-parsers.mjs';
import * as parsers from '../../src/core/document-parsers.js';
import * as schemas from '../../src/core/schema.js';
import { SAMPLES } from './document-samples.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function allPaths(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  const children = Array.isArray(value) ? value.map((v, i) => allPaths(v, [...path, i])) : Object.entries(value).map(([k, v]) => allPaths(v, [...path, k]));
  return [path, ...children.flat()];
}

/** One path per place in the schema (list items are alike): the first list item that has it stands for all. */
function paths(value: unknown): Path[] {
  const seen = new Set<string>();
  return allPaths(value).filter((path) => {
    const place = path.map((k) => (typeof k === 'number' ? '*' : k)).join('.');
    if (seen.has(place)) return false;
    seen.add(place);
    return true;
  });
}

type Mutation = { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'add'; key: string; value: Json };

/** A copy of `doc` with one change at `path`. */
function mutate(doc: unknown, path: Path, mutation: Mutation): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (mutation.kind === 'replace') parent[last] = mutation.value;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[mutation.key] = mutation.value;
  }
  return copy;
}

const TEXT_LIMITS = [64, 200, 2000, 8000, 20_000];
const LIST_LIMITS = [16, 500, 1000];
/** Values at the schema's edges: lengths around every limit (in code points too), ids, dates, numbers, shapes. */
const EDGES: Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  1e21,
  '',
  ...TEXT_LIMITS.flatMap((n) => ['x'.repeat(n), 'x'.repeat(n + 1), '\u{1F600}'.repeat(n), '\u{1F600}'.repeat(n + 1)]),
  '\ud800',
  '2026-11-30T10:00:00Z',
  '2026-11-30T10:00:00.1+05:30',
  '2026-02-30T10:00:00Z',
  '2026-11-30 10:00:00',
  'track-ok-001',
  'Not An Id',
  'run-001',
  'checkpoint-01',
  'active',
  'P9',
  [],
  ['x'],
  [null],
  {},
  { a: 1 },
];

/** Every change the exhaustive check makes at a path: each edge value, removal, an unknown key, a list at its length limits. */
function changesAt(doc: unknown, path: Path): Mutation[] {
  const value = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], doc);
  const grown: Mutation[] =
    Array.isArray(value) && value.length ? LIST_LIMITS.flatMap((n) => [n, n + 1]).map((n) => ({ kind: 'replace', value: Array(n).fill(value[0]) })) : [];
  return [...EDGES.map((v): Mutation => ({ kind: 'replace', value: v })), { kind: 'delete' }, { kind: 'add', key: 'extra', value: 1 }, ...grown];
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  (fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>).map((value) => ({ kind: 'replace' as const, value })),
  fc
    .tuple(fc.constantFrom('extra', 'name', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>)
    .map(([key, value]) => ({ kind: 'add' as const, key, value })),
);

const cases = DOCUMENT_SCHEMAS.flatMap((name) => (SAMPLES[name] ?? []).map((doc) => ({ name, doc, paths: paths(doc) })));
const parserOf = (name: string) =>
  (parsers as unknown as Record<string, (input: unknown) => unknown>)[name.replace(/Schema$/, 'Parser')] as (input: unknown) => unknown;
const schemaOf = (name: string) => (schemas as unknown as Record<string, z.ZodMiniType>)[name] as z.ZodMiniType;

describe('compiled document parsers', () => {
  it('are what zod compiles from the schemas now (regenerate with npm run schema)', () => {
    const committed = readFileSync(new URL('../../src/core/document-parsers.ts', import.meta.url), 'utf8');
    expect(committed).toBe(documentParsersSource(schemas as unknown as Record<string, unknown>));
  });

  it('have valid samples of every compiled document', () => {
    for (const name of DOCUMENT_SCHEMAS) {
      expect(SAMPLES[name]?.length, name).toBeGreaterThan(0);
      for (const doc of SAMPLES[name] ?? []) expect(z.safeParse(schemaOf(name), doc).error?.issues, name).toBeUndefined();
    }
  });

  /** The compiled parser and zod's own parse agree on `doc`: both reject it, or both accept it with the same value. */
  const agree = (name: string, doc: unknown) => {
    const runtime = z.safeParse(schemaOf(name), doc);
    const compiled = parserOf(name)(doc);
    expect(compiled === parsers.INVALID).toBe(!runtime.success);
    if (runtime.success) expect(JSON.stringify(compiled)).toBe(JSON.stringify(runtime.data));
  };

  it('accept exactly what the schema accepts, with the same value (keys in order, unknown ones dropped): every edge at every path', () => {
    for (const c of cases) for (const path of c.paths) for (const change of changesAt(c.doc, path)) agree(c.name, mutate(c.doc, path, change));
  });

  it('agree with the schema on arbitrary values and keys anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cases).chain((c) => fc.tuple(fc.constant(c), fc.constantFrom(...c.paths), mutation)),
        ([c, path, change]) => agree(c.name, mutate(c.doc, path, change)),
      ),
      { numRuns: 1_000 },
    );
  });

  it('give the schema its fast path: parse and safeParse answer as zod does, errors included', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...cases)
          .chain((c) => fc.constantFrom(...c.paths).chain((path) => fc.tuple(fc.constant(c), fc.constant(path), fc.constantFrom(...changesAt(c.doc, path))))),
        ([c, path, change]) => {
          const doc = mutate(c.doc, path, change);
          const schema = schemaOf(c.name);
          const runtime = z.safeParse(schema, doc);
          const viaSchema = schema.safeParse(doc);
          expect(JSON.stringify(viaSchema.data)).toBe(JSON.stringify(runtime.data));
          expect(viaSchema.error?.issues).toEqual(runtime.error?.issues);
          if (runtime.success) expect(JSON.stringify(schema.parse(doc))).toBe(JSON.stringify(runtime.data));
          else expect(() => schema.parse(doc)).toThrow(z.core.$ZodError);
        },
      ),
      { numRuns: 500 },
    );
  });
});
