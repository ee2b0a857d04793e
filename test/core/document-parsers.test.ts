import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DOCUMENT_SCHEMAS, documentParsersSource } from '../../scripts/document-parsers.mjs';
import * as parsers from '../../src/core/document-parsers.js';
import { deriveProgress } from '../../src/core/progress.js';
import { emptyRegistry, emptySegment, segmentPut, summarize } from '../../src/core/registry-index.js';
import type { Step, Track } from '../../src/core/schema.js';
import * as schemas from '../../src/core/schema.js';
import { newTrack } from '../../src/core/track-factory.js';

const at = '2026-11-30T10:00:00.000Z';
const later = '2026-11-30T11:30:00+01:00';
const sha = 'ab'.repeat(32);

/** A plan using every field a step can have. */
const steps: Step[] = [
  {
    step_id: 'design',
    name: 'Design',
    description: 'Sketch the flow',
    type: 'design',
    status: 'completed',
    order: 0,
    action: { type: 'manual', instructions: 'Draw it.' },
    depends_on: [],
    success_criteria: ['a diagram'],
    outputs: { doc: 'docs/flow.md' },
    started_at: at,
    completed_at: later,
    notes: 'done \u{1F600}',
  },
  {
    step_id: 'build',
    name: 'Build',
    type: 'implementation',
    status: 'in-progress',
    order: 1,
    action: { type: 'run-command', command: 'npm test', path: 'src' },
    depends_on: ['design'],
    timing: { timeout_minutes: 5, estimated_minutes: 2.5 },
    retry: { max_attempts: 3, backoff: 'exponential', delay_seconds: 1 },
    claim: { holder: 'agent-1', claimed_at: at },
    attempts: 1,
    last_run_id: 'run-001',
  },
  {
    step_id: 'ship',
    name: 'Ship',
    type: 'deployment',
    status: 'pending',
    order: 2,
    action: {
      type: 'run-workflow',
      workflow: 'release',
      inputs: [
        { name: 'version', value: '1.0' },
        { name: 'doc', from_step: 'design', output: 'doc' },
      ],
      tasks: [
        { name: 'tag', command: 'git tag v1' },
        { name: 'notes', agent: 'writer', instructions: 'Write the notes' },
      ],
    },
    depends_on: ['build'],
  },
  {
    step_id: 'gate',
    name: 'Gate',
    type: 'review',
    status: 'pending',
    order: 3,
    action: { type: 'approval', approvers: ['lead'] },
    depends_on: [],
    approved_by: 'lead',
  },
  {
    step_id: 'route',
    name: 'Route',
    type: 'validation',
    status: 'skipped',
    order: 4,
    action: {
      type: 'conditional-branch',
      branches: [
        { when: 'outputs.doc', goto: 'ship', label: 'yes' },
        { when: 'true', skip: ['gate'] },
      ],
    },
    depends_on: [],
  },
  { step_id: 'spawn', name: 'Spawn', type: 'research', status: 'failed', order: 5, action: { type: 'spawn-agent', agent: 'researcher' }, depends_on: [] },
];

const track: Track = {
  ...newTrack(
    {
      track_id: 'track-auth-001',
      name: 'Auth \u{1F510}',
      type: 'feature',
      priority: 'P1',
      goal: 'Add login',
      description: 'OAuth 2.0',
      success_criteria: ['users log in'],
      tags: ['auth'],
      parent_track_id: 'track-base-001',
      context: { target_files: ['src/auth.ts'], target_directories: ['src'], prerequisites: ['track-base-001'], blocks: [], related_tracks: ['track-ui-002'] },
      steps,
    },
    at,
  ),
  status: 'active',
  execution: { checkpoint_frequency: 'manual', pause_on_failure: true, auto_advance: true },
  progress: deriveProgress(steps),
  status_history: [
    { from: null, to: 'draft', at, reason: 'created' },
    { from: 'draft', to: 'active', at: later },
  ],
};

const registry = emptyRegistry(at);
segmentPut(registry, summarize(track));
segmentPut(registry, {
  ...summarize(newTrack({ track_id: 'track-ui-002', name: 'UI', type: 'bugfix', priority: 'P0', goal: 'g' }, at)),
  blocks: ['track-auth-001'],
});
const closed = emptySegment('closed', at);
segmentPut(closed, { ...summarize(newTrack({ track_id: 'track-old-003', name: 'Old', type: 'custom', priority: 'P3', goal: 'g' }, at)), status: 'archived' });

const smallTrack = newTrack({ track_id: 'track-a', name: 'A', type: 'custom', priority: 'P2', goal: 'g' }, at);
const provenance = { from_track: 'track-ui-002', item_id: 'dec-004', shared_at: at };
const artifact = { name: 'report.pdf', sha256: sha, size: 10, source: 'build', added_at: at, provenance };

/** Valid documents of each compiled schema. */
const SAMPLES: Record<string, unknown[]> = {
  headSchema: [
    { format: 'track-head/1', generation: 3, active_track_id: 'track-auth-001' },
    { format: 'track-head/1', generation: 0, active_track_id: null },
  ],
  trackSchema: [track, smallTrack],
  registrySchema: [{ ...registry, active_track_id: 'track-auth-001' }, emptyRegistry(at)],
  registrySegmentSchema: [closed, emptySegment('closed', at)],
  checkpointSchema: [
    {
      format: 'track-checkpoint/1',
      checkpoint_id: 'checkpoint-001',
      track_id: smallTrack.track_id,
      kind: 'switch',
      reason: 'switching',
      created_at: at,
      track: smallTrack,
      context_files: { 'decisions.json': '{}' },
      context_objects: { 'assumptions.json': { sha256: sha, size: 2 } },
      artifacts: [artifact],
      runs: { 'run-001': '{}' },
      git: { head: 'f'.repeat(40), branch: 'main', dirty: ['src/a.ts'], dirty_truncated: false },
      run_id: 'run-001',
      checksum: `sha256:${sha}`,
    },
    {
      format: 'track-checkpoint/1',
      checkpoint_id: 'checkpoint-1000',
      track_id: smallTrack.track_id,
      kind: 'manual',
      created_at: at,
      track: smallTrack,
      context_files: {},
      git: null,
      checksum: `sha256:${sha}`,
    },
  ],
  decisionsDocSchema: [
    {
      format: 'track-decisions/1',
      items: [
        {
          id: 'dec-001',
          title: 'Use OAuth',
          rationale: 'standard',
          alternatives: ['SAML'],
          status: 'superseded',
          superseded_by: 'dec-002',
          created_at: at,
          provenance,
        },
        { id: 'dec-002', title: 'Use OIDC', alternatives: [], status: 'active', supersedes: 'dec-001', created_at: later },
      ],
    },
  ],
  assumptionsDocSchema: [
    {
      format: 'track-assumptions/1',
      items: [
        { id: 'asm-001', text: 'IdP is up', status: 'validated', evidence: 'pinged', created_at: at, resolved_at: later },
        { id: 'asm-002', text: 'Users have email', status: 'open', created_at: at, provenance },
      ],
    },
  ],
  learningsDocSchema: [{ format: 'track-learnings/1', items: [{ id: 'lrn-001', text: 'Tokens expire', created_at: at }] }],
  artifactsDocSchema: [{ format: 'track-artifacts/1', items: [artifact, { name: 'b.txt', sha256: sha, size: 0, added_at: at }] }],
  runSchema: [
    {
      format: 'track-run/1',
      run_id: 'run-001',
      track_id: track.track_id,
      workflow_id: 'release',
      selected_workflow: 'release',
      step_id: 'ship',
      action_type: 'run-workflow',
      command: 'npm test',
      status: 'failed',
      started_at: at,
      ended_at: later,
      owner: { pid: 123, host: 'box', boot_id: null, start_time: '99' },
      attempts: [{ attempt: 1, task: 'tag', started_at: at, ended_at: at, exit_code: 1, signal: 'SIGTERM', timed_out: false, duration_ms: 12.5 }],
      tasks: [
        { index: 0, name: 'tag', kind: 'command', status: 'failed', exit_code: 1 },
        { index: 1, name: 'notes', kind: 'agent', status: 'handed-off', holder: 'writer', agent: 'writer', instructions: 'Write' },
      ],
      next_task: 1,
      outputs: { k: 'v' },
      branch: { index: 0, when: 'true', label: 'yes' },
      error: 'boom',
      stopped_command: { pid: 5, start_time: null, signal: 'SIGTERM', at },
      logs: ['stdout.log'],
    },
    {
      format: 'track-run/1',
      run_id: 'run-002',
      track_id: 'track-a',
      workflow_id: 'track-a',
      status: 'created',
      started_at: at,
      attempts: [],
      outputs: {},
      logs: [],
    },
  ],
};

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
