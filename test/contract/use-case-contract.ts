/**
 * The use cases over any store: lifecycle, lanes, plans and steps (a real command run), context,
 * checkpoints and bundles, through the same calls the faces make. `describeUseCases(name, open)`
 * registers them for one store; `open(lane)` gives a fresh, empty store acting in that lane, and
 * more handles over the same data in other lanes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ActiveInOtherLaneError, ActiveTrackExistsError, InvalidStateError, TrackError } from '../../src/core/errors.js';
import { exportTrack } from '../../src/features/bundles/export.js';
import { importTrack } from '../../src/features/bundles/import.js';
import { createCheckpoint, listCheckpoints, restoreCheckpoint, verifyCheckpoints } from '../../src/features/checkpoints/checkpoints.js';
import { nextStep } from '../../src/features/plan/next.js';
import { addStep, setPlan } from '../../src/features/plan/plan.js';
import { runLogs } from '../../src/features/plan/run-logs.js';
import { closeStep } from '../../src/features/plan/step-close.js';
import { trackContext } from '../../src/features/primer/primer.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { getActiveTrack, listTracks, showTrack } from '../../src/features/tracks/queries.js';
import { addArtifact, assume, decide, getArtifact, learn, listAssumptions, listDecisions, listLearnings } from '../../src/index.js';
import type { StorePort } from '../../src/store/port.js';

export interface UseCaseStores {
  /** A store over the same data acting in `lane` (the first call makes the data). */
  inLane(lane: string): StorePort;
  /** A file of the project (an artifact's source). */
  projectFile(name: string, text: string): string;
  cleanup(): Promise<void> | void;
}

export function describeUseCases(name: string, open: () => Promise<UseCaseStores>): void {
  describe(`use cases: ${name}`, () => {
    let opened: UseCaseStores | undefined;
    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });
    const fresh = async (): Promise<UseCaseStores> => {
      opened = await open();
      return opened;
    };
    const create = async (store: StorePort, id: string, extra: Record<string, unknown> = {}) =>
      (await life.createTrack(store, { name: `Track ${id}`, goal: `goal of ${id}`, id, ...extra })).track;

    it('walks a track through its life: draft → active → paused (checkpoint) → active → completed, with its history', async () => {
      const store = (await fresh()).inLane('default');
      await create(store, 'alpha');
      await life.activateTrack(store, { track_id: 'alpha' });
      expect((await getActiveTrack(store))?.track_id).toBe('alpha');
      const paused = await life.pauseTrack(store, { track_id: 'alpha', reason: 'lunch' });
      expect(paused.track.status).toBe('paused');
      expect(await getActiveTrack(store)).toBeNull();
      expect((await listCheckpoints(store, { track_id: 'alpha' })).checkpoints.length).toBeGreaterThanOrEqual(1);
      await life.resumeTrack(store, { track_id: 'alpha' });
      const done = await life.completeTrack(store, { track_id: 'alpha', force: true });
      expect(done.track.status_history.map((h) => h.to)).toEqual(['draft', 'ready', 'active', 'paused', 'active', 'completed']);
      expect((await listTracks(store, { status: ['completed'] })).map((t) => t.track_id)).toEqual(['alpha']);
    });

    it('keeps one active track per lane; switch pauses one and activates the other; a track held by another lane is refused', async () => {
      const stores = await fresh();
      const main = stores.inLane('default');
      const agent = stores.inLane('agent-1');
      await create(main, 'one');
      await create(main, 'two');
      await create(main, 'three');
      await life.activateTrack(main, { track_id: 'one' });
      await expect(life.activateTrack(main, { track_id: 'two' })).rejects.toBeInstanceOf(ActiveTrackExistsError);
      const switched = await life.switchTrack(main, { to: 'two' });
      expect(switched.paused?.track_id).toBe('one');
      expect((await getActiveTrack(main))?.track_id).toBe('two');
      await expect(life.activateTrack(agent, { track_id: 'two' })).rejects.toBeInstanceOf(ActiveInOtherLaneError);
      await life.activateTrack(agent, { track_id: 'three' });
      expect((await getActiveTrack(agent))?.track_id).toBe('three');
      expect((await getActiveTrack(main))?.track_id).toBe('two');
      const taken = await life.activateTrack(agent, { track_id: 'two', take_over: true }).catch((e: unknown) => e);
      expect(taken).toBeInstanceOf(ActiveTrackExistsError);
      await life.pauseTrack(agent, { track_id: 'three' });
      await life.activateTrack(agent, { track_id: 'two', take_over: true });
      expect((await getActiveTrack(agent))?.track_id).toBe('two');
      expect(await getActiveTrack(main)).toBeNull();
      await expect(life.completeTrack(main, { track_id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(life.resumeTrack(main, { track_id: 'two' })).rejects.toBeInstanceOf(InvalidStateError);
    });

    it('runs a plan: a real command step, its logs read back, an agent step closed by hand, then done', async () => {
      const store = (await fresh()).inLane('default');
      await create(store, 'plan');
      await setPlan(store, {
        track_id: 'plan',
        plan: {
          steps: [
            { step_id: 'hello', name: 'Hello', type: 'setup', action: { type: 'run-command', command: 'echo hello from the step; echo warned 1>&2' } },
            { step_id: 'review', name: 'Review', type: 'review', action: { type: 'review', instructions: 'Read it' }, depends_on: ['hello'] },
          ],
        },
      });
      await life.activateTrack(store, { track_id: 'plan' });
      const ran = await nextStep(store, { agent: 'a1' });
      expect(ran.step?.step_id).toBe('hello');
      expect((await showTrack(store, { track_id: 'plan' })).steps.find((s) => s.step_id === 'hello')?.status).toBe('completed');
      const logs = await runLogs(store, { track_id: 'plan' });
      expect(JSON.stringify(logs)).toContain('hello from the step');
      const handed = await nextStep(store, { agent: 'a1' });
      expect(handed.step?.step_id).toBe('review');
      await closeStep(store, { action: 'complete', track_id: 'plan', step_id: 'review', agent: 'a1', notes: 'looks right' });
      const track = await showTrack(store, { track_id: 'plan' });
      expect(track.progress).toMatchObject({ completed_steps: 2, total_steps: 2, percentage: 100 });
      await addStep(store, { track_id: 'plan', name: 'One more', type: 'custom', action_type: 'manual', instructions: 'Do it.' });
      expect((await showTrack(store, { track_id: 'plan' })).steps).toHaveLength(3);
    });

    it('keeps each track its own context: decisions, assumptions, learnings, artifacts, and the primer shows them', async () => {
      const stores = await fresh();
      const store = stores.inLane('default');
      await create(store, 'ctx-a');
      await create(store, 'ctx-b');
      await life.activateTrack(store, { track_id: 'ctx-a' });
      await decide(store, { track_id: 'ctx-a', title: 'Use PostgreSQL', rationale: 'teams share one' });
      await assume(store, { track_id: 'ctx-a', text: 'the server is 14 or newer' });
      await learn(store, { track_id: 'ctx-a', text: 'deferred constraints need a unique constraint, not an index' });
      const source = stores.projectFile('notes.md', '# notes\nbytes of an artifact\n');
      const added = await addArtifact(store, { track_id: 'ctx-a', file: source, name: 'notes.md' });
      expect(added.artifact.size).toBe(29);
      expect((await getArtifact(store, { track_id: 'ctx-a', name: 'notes.md' })).bytes.toString()).toContain('bytes of an artifact');
      expect((await listDecisions(store, { track_id: 'ctx-a' })).items).toHaveLength(1);
      expect((await listAssumptions(store, { track_id: 'ctx-a' })).items).toHaveLength(1);
      expect((await listLearnings(store, { track_id: 'ctx-a' })).items).toHaveLength(1);
      expect((await listDecisions(store, { track_id: 'ctx-b' })).items).toHaveLength(0);
      const primer = await trackContext(store, { track_id: 'ctx-a', format: 'md', git: false });
      expect(primer).toContain('Use PostgreSQL');
    });

    it('checkpoints and restores a track: the sealed checksum verifies, a restore brings the plan and context back', async () => {
      const store = (await fresh()).inLane('default');
      await create(store, 'cp');
      await life.activateTrack(store, { track_id: 'cp' });
      await decide(store, { track_id: 'cp', title: 'Before', rationale: 'kept' });
      const checkpoint = await createCheckpoint(store, { track_id: 'cp', reason: 'before the change' });
      await decide(store, { track_id: 'cp', title: 'After', rationale: 'dropped by the restore' });
      await addStep(store, { track_id: 'cp', name: 'Dropped step', type: 'custom', action_type: 'manual', instructions: 'Do it.' });
      const verified = await verifyCheckpoints(store, { track_id: 'cp' });
      expect(JSON.stringify(verified)).not.toMatch(/mismatch/i);
      await restoreCheckpoint(store, { track_id: 'cp', checkpoint_id: checkpoint.checkpoint_id });
      expect((await listDecisions(store, { track_id: 'cp' })).items.map((d) => d.title)).toEqual(['Before']);
      expect((await showTrack(store, { track_id: 'cp' })).steps).toHaveLength(0);
    });

    it('exports a track as a bundle and imports it back under a new id, every document intact', async () => {
      const store = (await fresh()).inLane('default');
      await create(store, 'bundled');
      await life.activateTrack(store, { track_id: 'bundled' });
      await decide(store, { track_id: 'bundled', title: 'Ship it', rationale: 'r' });
      await createCheckpoint(store, { track_id: 'bundled', reason: 'n' });
      const bundle = await exportTrack(store, { track_id: 'bundled' });
      const imported = await importTrack(store, { bundle, rename: true });
      expect(imported.track.track_id).not.toBe('bundled');
      expect(imported.track.status).toBe('draft');
      expect((await listDecisions(store, { track_id: imported.track.track_id })).items.map((d) => d.title)).toEqual(['Ship it']);
      await expect(importTrack(store, { bundle })).rejects.toBeInstanceOf(TrackError);
    });
  });
}
