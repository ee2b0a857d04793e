/**
 * The specification's Integration Points, in the shapes it gives them: `createRunForTrack(trackId,
 * runId, { workflowId, selectedWorkflow })`, `createSnapshot({ type, runId, description })`,
 * `getActiveTrack()` and `executeWithinTrack(track, fn)`. Each takes the store last and finds the
 * tracks root from the working directory when it is not given; everything else in the library is
 * `operation(store, input)`.
 */
import { ValidationError } from './core/errors.js';
import type { Checkpoint, Run, Track } from './core/schema.js';
import { createCheckpoint } from './features/checkpoints/checkpoints.js';
import { createRun } from './features/plan/runs.js';
import { getActiveTrack as activeIn } from './features/tracks/queries.js';
import { openStore } from './store/open.js';
import type { StorePort } from './store/port.js';

export { executeWithinTrack } from './features/tracks/orchestrator.js';

export interface RunForTrackOptions {
  /** Defaults to the track id. */
  workflowId?: string | undefined;
  selectedWorkflow?: string | undefined;
}

/** Creates `workflows/run-NNN/run.json` in the track (status 'created'), for a run manager that executes it. */
export function createRunForTrack(trackId: string, runId?: string, options: RunForTrackOptions = {}, store: StorePort = openStore()): Promise<Run> {
  return createRun(store, { track_id: trackId, run_id: runId, workflow_id: options.workflowId, selected_workflow: options.selectedWorkflow });
}

export interface SnapshotOptions {
  type: 'checkpoint';
  runId?: string | undefined;
  description?: string | undefined;
  /** A track other than the bound or active one. */
  trackId?: string | undefined;
}

/** A checkpoint of the bound (see executeWithinTrack) or active track. */
export function createSnapshot(options: SnapshotOptions, store: StorePort = openStore()): Promise<Checkpoint> {
  if (options?.type !== 'checkpoint') throw new ValidationError("createSnapshot supports type 'checkpoint' only", "pass { type: 'checkpoint' }");
  return createCheckpoint(store, { track_id: options.trackId, reason: options.description, run_id: options.runId });
}

/** The active track, or null. */
export function getActiveTrack(store: StorePort = openStore()): Promise<Track | null> {
  return activeIn(store);
}
