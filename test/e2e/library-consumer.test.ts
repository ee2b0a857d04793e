/**
 * The library as a consumer uses it: the packed tarball installed into a project of its own, an
 * ES module importing `track-manager` by name and driving a track in a git repository, and a
 * TypeScript consumer type-checked (strict, declaration files included) against the published
 * `.d.ts`, whose `@ts-expect-error` lines prove that the public types are not `any`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_FLAGS, npm, PACKAGE_DIR, packInto } from '../helpers/pack.js';
import { tempDir } from '../helpers/temp.js';

const TYPES_NODE = (): string => {
  const r = spawnSync(process.execPath, ['-p', 'require("@types/node/package.json").version'], { cwd: PACKAGE_DIR, encoding: 'utf8' });
  return r.stdout.trim();
};

/** Runs `node script.mjs repo` in the consumer project; the script prints one JSON line. */
const CONSUMER_JS = `
import { activateTrack, ActiveTrackExistsError, addStep, createTrack, decide, getActiveTrack, initStore, listDecisions, openStore, showTrack, trackSchema } from 'track-manager';

const repo = process.argv[2];
const store = initStore({ cwd: repo });
const { track: created } = await createTrack(store, { name: 'Consumer', goal: 'Use the library from a package', priority: 'P1', target_directories: ['src'] });
const { track: other, conflicts } = await createTrack(store, { name: 'Other', goal: 'Wait its turn', target_files: ['src/index.ts'] });
const activated = await activateTrack(store, { track_id: created.track_id, reason: 'start' });
const planned = await addStep(store, { name: 'Write it', action_type: 'manual', instructions: 'write the code' });
const decision = await decide(store, { title: 'Use ESM', rationale: 'the package is ESM' });

const again = openStore({ cwd: repo });
const shown = await showTrack(again, { track_id: created.track_id });
const decisions = await listDecisions(again, { track_id: created.track_id });
let refused = null;
try {
  await activateTrack(again, { track_id: other.track_id });
} catch (error) {
  refused = { typed: error instanceof ActiveTrackExistsError, code: error.code, exit: error.exitCode, hint: error.hint };
}
console.log(JSON.stringify({
  root: store.root,
  created: { id: created.track_id, status: created.status },
  activated: activated.track.status,
  conflicts: [conflicts.length, activated.conflicts.length],
  active: (await getActiveTrack(again))?.track_id,
  step: planned.step?.step_id,
  steps: shown.steps.map((s) => [s.step_id, s.name, s.status, s.action.type]),
  decision: [decision.id, decision.title],
  decisions: decisions.items.map((d) => d.id),
  valid: trackSchema.safeParse(shown).success,
  refused,
}));
`;

/** Only type-checked: every `@ts-expect-error` must meet an error, which an \`any\` would not give. */
const CONSUMER_TS = `
import {
  activateTrack, ActiveTrackExistsError, addStep, createTrack, decide, initStore, listTracks, showTrack,
  type Step, type StorePort, type Track, type TrackError, type TrackSummary,
} from 'track-manager';
import { createTrackServer } from 'track-manager/mcp';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Exports = typeof import('track-manager');
/** Exports that are \`any\`, or functions taking or returning \`any\`. */
type AnyExports = {
  [K in keyof Exports]: IsAny<Exports[K]> extends true
    ? K
    : Exports[K] extends (...args: infer A) => infer R
      ? IsAny<Awaited<R>> extends true ? K : true extends { [I in keyof A]: IsAny<A[I]> }[number] ? K : never
      : never;
}[keyof Exports];
const noAnyExport: [AnyExports] extends [never] ? true : AnyExports = true;
const notAny: [IsAny<Track>, IsAny<Step>, IsAny<TrackSummary>, IsAny<StorePort>, IsAny<TrackError>, IsAny<typeof createTrackServer>] = [false, false, false, false, false, false];

const store: StorePort = initStore({ cwd: '/nowhere' });
const { track }: { track: Track } = await createTrack(store, { name: 'Typed', goal: 'Types hold' });
const id: string = track.track_id;
const status: 'draft' | 'ready' | 'active' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'archived' = track.status;
const steps: Step[] = (await showTrack(store, { track_id: id })).steps;
const added: Step | undefined = (await addStep(store, { track_id: id, name: 'Next', action_type: 'manual' })).step;
const summaries: TrackSummary[] = await listTracks(store, { status: ['active'] });
const title: string = (await decide(store, { track_id: id, title: 'Typed' })).title;

// @ts-expect-error a track's name is text
await createTrack(store, { name: 42, goal: 'g' });
// @ts-expect-error the goal is required
await createTrack(store, { name: 'No goal' });
// @ts-expect-error priorities are P0 to P3
await createTrack(store, { name: 'x', goal: 'g', priority: 'P9' });
// @ts-expect-error Track has no such property
track.no_such_property;
// @ts-expect-error a status is one of the lifecycle's, not any text
const wrong: 'nope' = track.status;
// @ts-expect-error a step id is text
added?.step_id.toFixed();
// @ts-expect-error activateTrack takes a store first
await activateTrack({ track_id: id });
// @ts-expect-error the input names the track by track_id
await activateTrack(store, id);

try {
  await activateTrack(store, { track_id: id });
} catch (error) {
  if (error instanceof ActiveTrackExistsError) {
    const code: string = error.code;
    const exit: number = error.exitCode;
    // @ts-expect-error an exit code is a number
    const text: string = error.exitCode;
    console.log(code, exit, text);
  }
}
console.log(noAnyExport, notAny, status, steps, summaries, title, wrong);
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  },
  files: ['consumer.ts', 'teeth.ts'],
};

describe('a project that installs the packed library', () => {
  const t = tempDir('track-consumer-');
  const project = join(t.dir, 'consumer');
  beforeAll(() => {
    const { tarball } = packInto(t.dir);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    const install = npm(['install', tarball, `@types/node@${TYPES_NODE()}`, ...INSTALL_FLAGS], project);
    expect(install.status, install.stderr).toBe(0);
  }, 150_000);
  afterAll(() => t.cleanup());

  it("imports 'track-manager' from an ES module and drives a track in a git repository", () => {
    const repo = join(t.dir, 'repo');
    mkdirSync(join(repo, 'src'), { recursive: true });
    expect(spawnSync('git', ['init', '-q'], { cwd: repo }).status).toBe(0);
    writeFileSync(join(project, 'consumer.mjs'), CONSUMER_JS);
    // Started from the subdirectory: the store lands at the repository's top level.
    const r = spawnSync(process.execPath, [join(project, 'consumer.mjs'), join(repo, 'src')], { cwd: project, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // The repository makes the store shared through git: every generated name carries a tag.
    const out = JSON.parse(r.stdout);
    const tagged = (name: string) => expect.stringMatching(new RegExp(`^${name}-[2-9a-hjkmnp-z]{5}$`));
    expect(out).toEqual({
      root: join(repo, '.claude', 'conductor', 'tracks'),
      created: { id: tagged('track-consumer-001'), status: 'draft' },
      activated: 'active',
      conflicts: [1, 1],
      active: out.created.id,
      step: tagged('step-001'),
      steps: [[out.step, 'Write it', 'pending', 'manual']],
      decision: [tagged('dec-001'), 'Use ESM'],
      decisions: [out.decision[0]],
      valid: true,
      refused: { typed: true, code: 'ACTIVE_TRACK_EXISTS', exit: 5, hint: expect.stringMatching(/^track switch --to track-other-002-[2-9a-hjkmnp-z]{5}$/) },
    });
    // The installed CLI reads what the library wrote, and finds the store whole.
    const doctor = spawnSync(join(project, 'node_modules', '.bin', 'track'), ['doctor', '--json'], { cwd: repo, encoding: 'utf8' });
    expect(doctor.status, doctor.stdout + doctor.stderr).toBe(0);
    const status = spawnSync(join(project, 'node_modules', '.bin', 'track'), ['status', '--json'], { cwd: repo, encoding: 'utf8' });
    expect(JSON.parse(status.stdout).track).toMatchObject({ track_id: out.created.id, status: 'active' });
  });

  it('type-checks a strict TypeScript consumer against the published declarations, and they are not any', () => {
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
    // The check has teeth: in the same run, one wrong line in another file is the only error.
    writeFileSync(join(project, 'teeth.ts'), "import type { Track } from 'track-manager';\nexport const wrong = (t: Track): number => t.name;\n");
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = join(PACKAGE_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^teeth\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\.$/),
    ]);
  }, 120_000);
});
