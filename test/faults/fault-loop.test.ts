import { cpSync, existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTrackError } from '../../src/core/to-track-error.js';
import { diagnose, doctor } from '../../src/features/doctor/doctor.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { FAULT_KINDS, type FaultKind, installFault, resetIo } from '../helpers/faults.js';
import { storeProblems } from '../helpers/invariants.js';
import { committedSnapshot, tempFiles } from '../helpers/snapshot.js';
import { tempDir } from '../helpers/temp.js';
import { buildBase, MUTATING_COMMANDS, type MutatingCommand } from './mutating-commands.js';

/** In the default suite every seventh fault point is tried; `npm run test:faults` tries every one. */
const FULL = process.env.TRACK_FAULTS_FULL === '1';
const STRIDE = FULL ? 1 : 7;
process.env.TRACK_LOCK_TIMEOUT_MS = '300';
// Thousands of small transactions: on tmpfs an fsync costs nothing, and the semantics are the same.
if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';

const OBJECT_PATH = /^[^/]+\/objects\/[0-9a-f]{64}$/;
const work = tempDir('track-faults-');
const fixtures = new Map<string, string>();
const tally = { runs: 0, faults: 0, violations: 0 };

async function fixtureFor(command: MutatingCommand): Promise<string> {
  const dir = join(work.dir, `fixture-${command.name.replace(/\W/g, '-')}`);
  if (command.fresh) {
    cpSync(mkdtempSync(join(tmpdir(), 'track-empty-')), dir, { recursive: true });
    return dir;
  }
  const { store } = FileStore.init({ cwd: dir });
  await buildBase(store);
  await command.prepare?.(store);
  return dir;
}

function copyOf(fixture: string, label: string): string {
  const dir = join(work.dir, label);
  rmSync(dir, { recursive: true, force: true });
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

const rootOf = (project: string): string => join(project, '.claude', 'conductor', 'tracks');
const openAt = (project: string): FileStore => FileStore.open({ cwd: project });
const storeFor = (command: MutatingCommand, project: string): FileStore => (command.fresh ? (null as unknown as FileStore) : openAt(project));

async function reference(command: MutatingCommand): Promise<Record<string, string>> {
  const project = copyOf(fixtures.get(command.name) as string, 'reference');
  await command.run(storeFor(command, project), project);
  return committedSnapshot(rootOf(project));
}

async function nextCommandsWork(command: MutatingCommand, project: string, unchanged: boolean): Promise<FileStore> {
  if (unchanged) await command.run(command.fresh ? (null as unknown as FileStore) : openAt(project), project);
  const next = openAt(project);
  await life.createTrack(next, { name: 'Probe', goal: 'the store still works' });
  return next;
}

async function runWithFault(command: MutatingCommand, kind: FaultKind, at: number, expected: Record<string, string>): Promise<boolean> {
  const fixture = fixtures.get(command.name) as string;
  const project = copyOf(fixture, 'run');
  const root = rootOf(project);
  const before = command.fresh ? {} : committedSnapshot(root);
  const store = storeFor(command, project);
  const faults = installFault(kind, at);
  let error: unknown;
  try {
    await command.run(store, project);
  } catch (e) {
    error = e;
  } finally {
    resetIo();
  }
  if (!faults.fired()) return false;
  tally.runs++;
  const where = `${command.name}: ${kind} at op ${at}`;
  if (error !== undefined) {
    tally.faults++;
    expect(toTrackError(error).message, where).not.toMatch(/^internal error/);
  }
  let after: Record<string, string> = {};
  try {
    after = command.fresh && error !== undefined ? {} : committedSnapshot(root);
  } catch {
    after = {};
  }
  // Content-addressed objects are written before their transaction commits: a failed command may leave new, unreferenced ones.
  const leftObjects = Object.keys(after).filter((path) => !(path in before) && OBJECT_PATH.test(path));
  if (error !== undefined) for (const path of leftObjects) delete after[path];
  const unchanged = JSON.stringify(after) === JSON.stringify(before);
  const complete = JSON.stringify(after) === JSON.stringify(expected);
  // A command that reported failure changed nothing; one that reported success changed everything.
  const honest = error === undefined ? complete : unchanged;
  if (!honest) tally.violations++;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
  expect(honest, `${where}: ${error === undefined ? 'succeeded but the change is incomplete' : `failed but changed the store: ${changed.join(', ')}`}`).toBe(
    true,
  );
  expect(tempFiles(project), `${where}: temp files left`).toEqual([]);

  // The next commands work: the interrupted one (when nothing changed), then another mutation.
  const next = await nextCommandsWork(command, project, unchanged).catch((e: Error) => {
    throw new Error(`${where}, then the next command failed: ${e.message}`);
  });
  expect(storeProblems(root), where).toEqual([]);
  // Objects the failed command left are young, so doctor stays quiet; once old, doctor reports exactly them and --fix removes them.
  expect(await diagnose(next), where).toEqual([]);
  const leftovers = leftObjects.filter((path) => existsSync(join(root, path)));
  if (error !== undefined && leftovers.length > 0) {
    const old = new Date(Date.now() - 120_000);
    for (const path of leftovers) utimesSync(join(root, path), old, old);
    const found = await diagnose(next);
    expect(
      found.every((p) => p.check === 'unreferenced-objects' && leftovers.includes(p.path)),
      `${where}: ${JSON.stringify(found)}`,
    ).toBe(true);
    expect((await doctor(next, { fix: true })).healthy, where).toBe(true);
  }
  return true;
}

describe('every mutating command under injected faults either fully succeeds or changes nothing', () => {
  beforeAll(async () => {
    for (const command of MUTATING_COMMANDS) fixtures.set(command.name, await fixtureFor(command));
  });
  afterAll(() => {
    resetIo();
    work.cleanup();
    console.log(`fault loop: ${tally.runs} (command, fault point) runs, ${tally.faults} failed cleanly, ${tally.violations} violations`);
  });

  for (const command of MUTATING_COMMANDS) {
    it(`${command.name}: ${FAULT_KINDS.join(', ')} at every ${STRIDE === 1 ? '' : `${STRIDE}th `}operation`, async () => {
      const expected = await reference(command);
      for (const kind of FAULT_KINDS) {
        const offset = kind === 'EIO' ? 1 : kind === 'ENOSPC' ? 2 : 0;
        for (let at = 1 + (STRIDE === 1 ? 0 : offset % STRIDE); ; at += kind === 'short' ? 1 : STRIDE) {
          if (!(await runWithFault(command, kind, at, expected))) break;
        }
      }
    });
  }
});
