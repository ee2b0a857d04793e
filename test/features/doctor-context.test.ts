/** `track doctor` on what plans, context, artifacts, checkpoints and runs leave in a track directory. */
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpoint } from '../../src/features/checkpoints/checkpoints.js';
import { diagnose, doctor } from '../../src/features/doctor/doctor.js';
import { addArtifact } from '../../src/features/notes/artifacts.js';
import { decide, listDecisions } from '../../src/features/notes/notes.js';
import { nextStep } from '../../src/features/plan/next.js';
import { setPlan } from '../../src/features/plan/plan.js';
import { createRun } from '../../src/features/plan/runs.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { acquireLock, LOCK_FILE, releaseLock } from '../../src/store/file/lock.js';
import { putObject } from '../../src/store/file/objects.js';
import { setSteps, step } from '../helpers/plan.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const deadPid = 2 ** 22 + 12345; // above the largest pid Linux hands out: never a live process
const plant = (path: string, content: string) => writeFileSync(path, content, { mode: 0o600 });
const age = (path: string) => utimesSync(path, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));

describe('track doctor: context, objects and runs', () => {
  let p: TempProject;
  let id = '';
  afterEach(() => p?.cleanup());
  const file = (...parts: string[]) => join(p.root, id, ...parts);
  const checks = async () => (await diagnose(p.store)).map((x) => `${x.check} ${x.path}`);

  async function trackWithContext() {
    p = tempProject('track-doctor-ctx-');
    id = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track_id;
    await life.activateTrack(p.store, id);
    await decide(p.store, { track_id: id, title: 'Use SQLite' });
    writeFileSync(join(p.dir, 'notes.md'), 'notes\n');
    const { artifact } = await addArtifact(p.store, { track_id: id, file: 'notes.md' });
    const checkpoint = await createCheckpoint(p.store, { track_id: id, reason: 'save' });
    expect(await diagnose(p.store)).toEqual([]);
    return { artifact, checkpoint };
  }

  it('quarantines a context document that does not parse or does not match its schema', async () => {
    await trackWithContext();
    plant(file('context', 'decisions.json'), '{"format": "track-decisions/1", "items": [');
    plant(file('context', 'artifacts.json'), '{"format": "track-artifacts/1", "items": [{"name": 3}]}');
    expect((await checks()).sort()).toEqual([`context ${id}/context/artifacts.json`, `context ${id}/context/decisions.json`]);
    const report = await doctor(p.store, { fix: true });
    expect(report.healthy).toBe(true);
    expect(report.fixed.every((f) => f.moved_to?.includes('lost+found'))).toBe(true);
    // The track works again: its decisions start afresh, the damaged file is kept in lost+found.
    await decide(p.store, { track_id: id, title: 'again' });
    expect((await listDecisions(p.store, { track_id: id })).items.map((d) => d.title)).toEqual(['again']);
  });

  it('reports a missing or damaged object that an artifact or a checkpoint references, and cannot repair it', async () => {
    const { artifact, checkpoint } = await trackWithContext();
    plant(file('objects', artifact.sha256), 'tampered\n');
    const found = await diagnose(p.store);
    expect(found.map((x) => x.check)).toEqual(['objects', 'objects']);
    expect(found.map((x) => x.path).sort()).toEqual([`${id}/checkpoints/${checkpoint.checkpoint_id}.json`, `${id}/objects/${artifact.sha256}`].sort());
    expect(found.every((x) => x.repair.kind === 'manual' && /track artifact add/.test(x.fix))).toBe(true);
    rmSync(file('objects', artifact.sha256));
    const report = await doctor(p.store, { fix: true });
    expect(report.healthy).toBe(false);
    expect(report.remaining.map((x) => x.problem).join('\n')).toMatch(/missing/);
  });

  it('removes old unreferenced objects with --fix, and leaves young and referenced ones alone', async () => {
    const { artifact } = await trackWithContext();
    const stray = putObject(p.root, id, Buffer.from('left by a failed artifact add\n')).sha256;
    expect(await checks()).toEqual([]); // young: it may belong to a transaction being prepared
    age(file('objects', stray));
    for (const name of readdirSync(file('objects'))) age(file('objects', name));
    expect(await checks()).toEqual([`unreferenced-objects ${id}/objects/${stray}`]);
    expect((await doctor(p.store, { fix: false })).healthy).toBe(true); // harmless: reported, but healthy
    const report = await doctor(p.store, { fix: true });
    expect(report.remaining).toEqual([]);
    expect(existsSync(file('objects', stray))).toBe(false);
    expect(existsSync(file('objects', artifact.sha256))).toBe(true);
    expect(readdirSync(file('objects')).length).toBeGreaterThan(1); // the checkpoint's context objects stay
  });

  it('regression: artifact add writes its object only once it holds the lock, so doctor --fix can never remove it mid-command', async () => {
    await trackWithContext();
    const before = readdirSync(file('objects')).sort();
    writeFileSync(join(p.dir, 'fresh.md'), 'new bytes\n');
    const held = await acquireLock(join(p.root, LOCK_FILE));
    const previous = process.env.TRACK_LOCK_TIMEOUT_MS;
    process.env.TRACK_LOCK_TIMEOUT_MS = '200';
    try {
      await expect(addArtifact(p.store, { track_id: id, file: 'fresh.md' })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    } finally {
      if (previous === undefined) delete process.env.TRACK_LOCK_TIMEOUT_MS;
      else process.env.TRACK_LOCK_TIMEOUT_MS = previous;
      releaseLock(held);
    }
    // Before the fix the object was written before the lock was taken: a concurrent 'doctor --fix' saw it unreferenced.
    expect(readdirSync(file('objects')).sort()).toEqual(before);
  });

  it('never calls an object unreferenced while a manifest or checkpoint that might reference it is unreadable', async () => {
    await trackWithContext();
    for (const name of readdirSync(file('objects'))) age(file('objects', name));
    plant(file('context', 'artifacts.json'), 'not json');
    expect((await diagnose(p.store)).map((x) => x.check)).toEqual(['context']);
  });

  it('quarantines a damaged run.json, and points a run left running by a dead process to track next', async () => {
    p = tempProject('track-doctor-run-');
    id = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track_id;
    await life.activateTrack(p.store, id);
    const broken = await createRun(p.store, id);
    plant(file('workflows', broken.run_id, 'run.json'), '{"format":');
    expect(await checks()).toEqual([`runs ${id}/workflows/${broken.run_id}/run.json`]);
    expect((await doctor(p.store, { fix: true })).healthy).toBe(true);

    const run = await createRun(p.store, id);
    await setSteps(p.store, id, [step('build', 1, { action: { type: 'run-command', command: 'true' }, status: 'in-progress', last_run_id: run.run_id })]);
    const path = file('workflows', run.run_id, 'run.json');
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    plant(path, JSON.stringify({ ...doc, status: 'running', owner: { pid: deadPid, host: hostname(), boot_id: null, start_time: null } }));
    const found = await diagnose(p.store);
    expect(found.map((x) => `${x.check} ${x.repair.kind}`)).toEqual(['runs manual']);
    expect(found[0]?.fix).toMatch(`track next --track-id ${id}`);
    // `track next` (not doctor) marks it interrupted and runs the step again.
    await nextStep(p.store, { track_id: id });
    expect(JSON.parse(readFileSync(path, 'utf8')).status).toBe('interrupted');
    expect(await diagnose(p.store)).toEqual([]);
  });

  it('a plan handed to an agent leaves a waiting run, which is healthy', async () => {
    p = tempProject('track-doctor-agent-');
    id = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track_id;
    await life.activateTrack(p.store, id);
    await setPlan(p.store, id, {
      steps: [{ step_id: 'write', name: 'Write', type: 'implementation', action: { type: 'spawn-agent', agent: 'claude', instructions: 'Write it.' } }],
    });
    expect((await nextStep(p.store, { track_id: id, agent: 'claude' })).kind).toBe('handed-off');
    expect(await diagnose(p.store)).toEqual([]);
  });

  it('never removes an object that a checkpoint quarantined into lost+found references', async () => {
    const { artifact, checkpoint } = await trackWithContext();
    // Replace the artifact: its first version is now referenced only by the checkpoint.
    writeFileSync(join(p.dir, 'notes.md'), 'notes, second version\n');
    await addArtifact(p.store, { track_id: id, file: 'notes.md' });
    const checkpointFile = file('checkpoints', `${checkpoint.checkpoint_id}.json`);
    plant(checkpointFile, readFileSync(checkpointFile, 'utf8').replace('"reason": "save"', '"reason": "edited"'));
    const quarantined = await doctor(p.store, { fix: true });
    expect(quarantined.fixed.map((f) => f.moved_to ?? '')).toEqual([expect.stringContaining('lost+found')]);
    for (const name of readdirSync(file('objects'))) age(file('objects', name));
    expect(await checks()).toEqual([]);
    const report = await doctor(p.store, { fix: true });
    expect(report.remaining).toEqual([]);
    // The quarantined checkpoint can still be recovered by hand: every object it names is still there.
    expect(existsSync(file('objects', artifact.sha256))).toBe(true);
  });
});
