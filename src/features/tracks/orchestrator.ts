/** The spec's orchestrator API: run work bound to one track, and snapshot it. */
import { ValidationError } from '../../core/errors.js';
import { validateTrackId } from '../../core/ids.js';
import type { Checkpoint, Track } from '../../core/schema.js';
import type { StorePort } from '../../store/port.js';
import { createCheckpoint } from '../checkpoints/checkpoints.js';
import { boundTrack } from './bound-track.js';

/**
 * Runs `fn` with `track` bound to its async context: library calls inside that take no explicit
 * track id (decide, addArtifact, createCheckpoint, …) act on it, even if another track becomes
 * active meanwhile.
 */
export function executeWithinTrack<T>(track: Track | string, fn: () => T | Promise<T>): Promise<T> {
  const id = validateTrackId(typeof track === 'string' ? track : track?.track_id);
  return Promise.resolve(boundTrack.run(id, fn));
}

export interface SnapshotOptions {
  type: 'checkpoint';
  run_id?: string | undefined;
  description?: string | undefined;
  track_id?: string | undefined;
}

/** `createSnapshot({ type: 'checkpoint', runId, description })` as in the spec: a checkpoint of the bound or active track. */
export function createSnapshot(store: StorePort, options: SnapshotOptions): Promise<Checkpoint> {
  if (options?.type !== 'checkpoint') throw new ValidationError("createSnapshot supports type 'checkpoint' only", "pass { type: 'checkpoint' }");
  return createCheckpoint(store, { track_id: options.track_id, reason: options.description, run_id: options.run_id });
}
