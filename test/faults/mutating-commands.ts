/**
 * The table of mutating commands the fault loop drives. A new command is one entry: how to bring
 * the base store into the state it needs (`prepare`, run without faults) and the call under test.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrackBundle } from '../../src/core/schema.js';
import { exportTrack } from '../../src/features/bundles/export.js';
import { importTrack } from '../../src/features/bundles/import.js';
import { createCheckpoint, restoreCheckpoint } from '../../src/features/checkpoints/checkpoints.js';
import { addArtifact } from '../../src/features/notes/artifacts.js';
import { assume, decide, learn } from '../../src/features/notes/notes.js';
import { nextStep } from '../../src/features/plan/next.js';
import { addStep, setPlan } from '../../src/features/plan/plan.js';
import { closeStep } from '../../src/features/plan/step-close.js';
import { createFromTemplate } from '../../src/features/templates/templates.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { updateTrack } from '../../src/features/tracks/update.js';
import { FileStore } from '../../src/store/file/file-store.js';

export interface MutatingCommand {
  name: string;
  prepare?: (store: FileStore) => Promise<unknown>;
  run: (store: FileStore, projectDir: string) => Promise<unknown>;
  /** Commands that create the root start from an empty project directory. */
  fresh?: boolean;
}

export const A = 'track-alpha-001';
export const B = 'track-beta-002';
export const C = 'track-gamma-003';
export const D = 'track-delta-004';
export const E = 'track-epsilon-005';

/** Base state: A active, B paused (with a checkpoint), C draft, D completed, E ready. */
export async function buildBase(store: FileStore): Promise<void> {
  for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon']) await life.createTrack(store, { name, goal: `goal of ${name}` });
  await life.activateTrack(store, B);
  await life.pauseTrack(store, B, 'later');
  await life.activateTrack(store, D);
  await life.completeTrack(store, D);
  await life.readyTrack(store, E);
  await life.activateTrack(store, A);
}

/** A plan with an agent step first (handed out by `next`, nothing executed) and a command step after it. */
const PLAN = {
  steps: [
    { step_id: 'write', name: 'Write it', type: 'implementation', action: { type: 'spawn-agent', agent: 'claude', instructions: 'Write the module.' } },
    { step_id: 'check', name: 'Check it', type: 'testing', action: { type: 'run-command', command: 'true' }, depends_on: ['write'] },
  ],
};
// Set by a `prepare` (every fixture is built once, before the runs that copy it).
let restoreFrom = '';
let bundle = undefined as unknown as TrackBundle;

export const MUTATING_COMMANDS: readonly MutatingCommand[] = [
  { name: 'init', fresh: true, run: async (_store, projectDir) => FileStore.init({ cwd: projectDir }) },
  { name: 'create', run: (store) => life.createTrack(store, { name: 'Zeta', goal: 'a new track', tags: ['x'] }) },
  { name: 'ready', run: (store) => life.readyTrack(store, C) },
  { name: 'activate', prepare: (store) => life.pauseTrack(store, A), run: (store) => life.activateTrack(store, E) },
  { name: 'pause', run: (store) => life.pauseTrack(store, A, 'break') },
  { name: 'resume', prepare: (store) => life.pauseTrack(store, A), run: (store) => life.resumeTrack(store, B) },
  { name: 'switch', run: (store) => life.switchTrack(store, B, 'urgent') },
  { name: 'complete', run: (store) => life.completeTrack(store, A) },
  { name: 'fail', run: (store) => life.failTrack(store, A, 'broke') },
  { name: 'cancel', run: (store) => life.cancelTrack(store, C) },
  { name: 'archive', run: (store) => life.archiveTrack(store, D) },
  { name: 'update', run: (store) => updateTrack(store, A, 'priority', 'P0') },
  { name: 'update status', run: (store) => updateTrack(store, A, 'status', 'paused') },
  // Plans, steps and runs (issue #3).
  { name: 'step add', run: (store) => addStep(store, A, { step_id: 'build', name: 'Build', type: 'setup', action_type: 'run-command', command: 'true' }) },
  {
    name: 'plan set',
    prepare: (store) => addStep(store, A, { step_id: 'old', name: 'Old', type: 'custom', action_type: 'manual', instructions: 'Do it.' }),
    run: (store) => setPlan(store, A, PLAN),
  },
  { name: 'next (agent hand-out)', prepare: (store) => setPlan(store, A, PLAN), run: (store) => nextStep(store, { track_id: A, agent: 'claude' }) },
  {
    name: 'step complete',
    prepare: async (store) => {
      await setPlan(store, A, PLAN);
      await nextStep(store, { track_id: A, agent: 'claude' });
    },
    run: (store) => closeStep(store, 'complete', { track_id: A, step_id: 'write', agent: 'claude', notes: 'done' }),
  },
  // Context, artifacts, checkpoints (issue #4).
  { name: 'decide', run: (store) => decide(store, { track_id: A, title: 'Use SQLite', rationale: 'small' }) },
  { name: 'assume', run: (store) => assume(store, { track_id: A, text: 'the API is stable' }) },
  { name: 'learn', run: (store) => learn(store, { track_id: A, text: 'the build needs Node 20' }) },
  {
    name: 'artifact add',
    prepare: async (store) => writeFileSync(join(store.projectDir, 'notes.md'), '# notes\nsome findings\n'),
    run: (store) => addArtifact(store, { track_id: A, file: 'notes.md' }),
  },
  {
    name: 'checkpoint',
    prepare: (store) => decide(store, { track_id: A, title: 'first' }),
    run: (store) => createCheckpoint(store, { track_id: A, reason: 'save' }),
  },
  {
    name: 'restore',
    prepare: async (store) => {
      writeFileSync(join(store.projectDir, 'notes.md'), 'v1\n');
      await addArtifact(store, { track_id: A, file: 'notes.md' });
      await decide(store, { track_id: A, title: 'first' });
      restoreFrom = (await createCheckpoint(store, { track_id: A, reason: 'before' })).checkpoint_id;
      writeFileSync(join(store.projectDir, 'notes.md'), 'v2\n');
      await addArtifact(store, { track_id: A, file: 'notes.md' });
      await decide(store, { track_id: A, title: 'second' });
    },
    run: (store) => restoreCheckpoint(store, { track_id: A, checkpoint_id: restoreFrom }),
  },
  // Templates and bundles (issue #7).
  { name: 'template create', run: (store) => createFromTemplate(store, { template: 'feature', name: 'Zeta', goal: 'from a template' }) },
  {
    name: 'import',
    prepare: async (store) => {
      await setPlan(store, A, PLAN);
      await decide(store, { track_id: A, title: 'exported' });
      writeFileSync(join(store.projectDir, 'notes.md'), 'exported\n');
      await addArtifact(store, { track_id: A, file: 'notes.md' });
      await createCheckpoint(store, { track_id: A, reason: 'export' });
      bundle = await exportTrack(store, A);
    },
    run: (store) => importTrack(store, bundle, { rename: true }),
  },
];
