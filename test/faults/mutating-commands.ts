/**
 * The table of mutating commands the fault loop drives. A new command is one entry: how to bring
 * the base store into the state it needs (`prepare`, run without faults) and the call under test.
 */
import * as life from '../../src/service/lifecycle.js';
import { updateTrack } from '../../src/service/update.js';
import { FileStore } from '../../src/store/file-store.js';

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
];
