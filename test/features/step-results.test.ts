import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpoint, restoreCheckpoint } from '../../src/features/checkpoints/checkpoints.js';
import { checkpointTrack } from '../../src/features/checkpoints/snapshot.js';
import { decide, listDecisions } from '../../src/features/notes/notes.js';
import { nextStep } from '../../src/features/plan/next.js';
import { setPlan } from '../../src/features/plan/plan.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

/** A step's recorded result survives whatever happens to its track while the command runs. */
describe('step results and a track that changes while the step runs', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  // Waits (at most 60 s) for the test to create `go`, then appends a line: one line per execution.
  const GATED = 'touch started; i=0; while [ ! -f go ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; echo ran >> ran.log';
  const ranLines = () => readFileSync(join(p.dir, 'ran.log'), 'utf8').trim().split('\n');

  async function activeWithPlan(plan: unknown): Promise<string> {
    p = tempProject('track-results-');
    const t = await life.createTrack(p.store, { name: 'Results', goal: 'keep results' });
    await setPlan(p.store, t.track_id, plan);
    await life.activateTrack(p.store, t.track_id);
    return t.track_id;
  }

  /** Starts `nextStep`, runs `meanwhile` once the command has started, then lets the command finish. */
  async function nextWhile(meanwhile: () => Promise<unknown>) {
    const running = nextStep(p.store);
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(p.dir, 'started'))) {
      if (Date.now() > deadline) throw new Error('the command never started');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await meanwhile();
    writeFileSync(join(p.dir, 'go'), '');
    return running;
  }

  const gatedStep = { step_id: 'gated', name: 'Gated', type: 'implementation', action: { type: 'run-command', command: GATED } };
  const after = { step_id: 'after', name: 'After', type: 'implementation', depends_on: ['gated'], action: { type: 'run-command', command: 'true' } };

  it('records a result that arrives while the track is paused in a fresh pause checkpoint, so resume keeps it', async () => {
    const id = await activeWithPlan({ steps: [gatedStep, after] });
    const r = await nextWhile(() => life.pauseTrack(p.store, id, 'stepping out'));
    expect(r).toMatchObject({ kind: 'completed', track: { status: 'paused' }, step: { status: 'completed' } });
    const latest = await p.store.read(async (reader) => {
      const ids = await reader.listCheckpoints(id);
      return reader.readCheckpoint(id, ids[ids.length - 1] as string);
    });
    expect(latest).toMatchObject({ kind: 'pause', track: { steps: [{ step_id: 'gated', status: 'completed' }, { status: 'pending' }] } });
    const resumed = await life.resumeTrack(p.store, id);
    expect(resumed.track.steps[0]).toMatchObject({ step_id: 'gated', status: 'completed' });
    const next = await nextStep(p.store);
    expect(next).toMatchObject({ kind: 'completed', step: { step_id: 'after' }, recovered: [] });
    expect(ranLines()).toEqual(['ran']);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('runs no further retries once the track is paused: the failure is recorded and kept through resume', async () => {
    const failing = {
      ...gatedStep,
      action: { type: 'run-command', command: `${GATED}; exit 3` },
      retry: { max_attempts: 3, backoff: 'none', delay_seconds: 0 },
    };
    const id = await activeWithPlan({ steps: [failing] });
    const r = await nextWhile(() => life.pauseTrack(p.store, id));
    expect(r).toMatchObject({ kind: 'failed', track: { status: 'paused' }, step: { status: 'failed', attempts: 1 } });
    expect(ranLines()).toEqual(['ran']);
    const resumed = await life.resumeTrack(p.store, id);
    expect(resumed.track.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('starts no retry that falls due after the track was paused', async () => {
    const flaky = {
      ...gatedStep,
      action: { type: 'run-command', command: 'echo ran >> ran.log; exit 3' },
      retry: { max_attempts: 3, backoff: 'none', delay_seconds: 6 },
    };
    const id = await activeWithPlan({ steps: [flaky] });
    const running = nextStep(p.store);
    const deadline = Date.now() + 30_000;
    // Once the first failure is recorded the runner waits 6 s before the retry: pause the track then.
    while ((await p.store.read((reader) => reader.getTrack(id))).steps[0]?.attempts !== 1) {
      if (Date.now() > deadline) throw new Error('the first attempt was never recorded');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await life.pauseTrack(p.store, id);
    const r = await running;
    expect(r).toMatchObject({ kind: 'failed', track: { status: 'paused' }, step: { status: 'failed', attempts: 1 } });
    expect(r.error).toContain('not retried: the track is paused');
    expect(ranLines()).toEqual(['ran']);
    expect((await life.resumeTrack(p.store, id)).track.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('applies the recorded result of a finished run to a step that a restored checkpoint put back in progress, never running it again', async () => {
    const id = await activeWithPlan({ steps: [gatedStep, after] });
    let midRun = '';
    const r = await nextWhile(async () => {
      midRun = (await createCheckpoint(p.store, { track_id: id, reason: 'while gated runs' })).checkpoint_id;
    });
    expect(r.kind).toBe('completed');
    await restoreCheckpoint(p.store, { track_id: id, checkpoint_id: midRun });
    const restored = await p.store.read((reader) => reader.getTrack(id));
    expect(restored.steps[0]).toMatchObject({ status: 'in-progress', last_run_id: 'run-001' });

    const next = await nextStep(p.store);
    expect(next.recovered).toEqual([{ step_id: 'gated', run_id: 'run-001', pid: null, outcome: 'completed' }]);
    expect(next).toMatchObject({ kind: 'completed', step: { step_id: 'after' } });
    expect(next.track.steps[0]).toMatchObject({ step_id: 'gated', status: 'completed', attempts: 1 });
    expect(ranLines()).toEqual(['ran']);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('refuses to commit a change to a paused track that no checkpoint holds, and commits it with one', async () => {
    const id = await activeWithPlan({ steps: [{ ...after, depends_on: [] }] });
    await life.pauseTrack(p.store, id);
    const rename = (name: string) => p.store.transaction(async (tx) => tx.putTrack({ ...(await tx.getTrack(id)), name }));
    await expect(rename('Renamed')).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('without a checkpoint') });
    expect((await p.store.read((reader) => reader.getTrack(id))).name).toBe('Results');
    // A checkpoint of an older version of the track does not count.
    await expect(
      p.store.transaction(async (tx) => {
        const before = await tx.getTrack(id);
        await tx.putTrack({ ...before, name: 'Renamed' });
        await checkpointTrack(tx, before, 'manual');
      }),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    await p.store.transaction(async (tx) => checkpointTrack(tx, await tx.putTrack({ ...(await tx.getTrack(id)), name: 'Renamed' }), 'pause'));
    const resumed = await life.resumeTrack(p.store, id);
    expect(resumed.track.name).toBe('Renamed');
  });

  it('checkpoints a context change on a paused track whose file was written with its keys in another order', async () => {
    const id = await activeWithPlan({ steps: [{ ...after, depends_on: [] }] });
    await life.pauseTrack(p.store, id);
    const file = join(p.root, id, 'track.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, `${JSON.stringify(Object.fromEntries(Object.entries(doc).reverse()), null, 2)}\n`);
    await decide(p.store, { track_id: id, title: 'decided while paused' });
    await life.resumeTrack(p.store, id);
    expect((await listDecisions(p.store)).items.map((d) => d.title)).toEqual(['decided while paused']);
  });
});
