/**
 * track-manager library API. Every function takes a store (see `openStore`) and runs as one
 * transaction or one consistent read; errors are the typed classes exported below.
 */
import { FileStore, type OpenOptions } from './store/file-store.js';

export * from './domain/errors.js';
export type { CreateInput } from './domain/inputs.js';
export { trackJsonSchema } from './domain/json-schema.js';
export { canTransition, legalMoves, TRANSITIONS } from './domain/lifecycle.js';
export type { Checkpoint, HistoryEntry, Registry, Step, Track, TrackContext, TrackSummary } from './domain/schema.js';
export { checkpointSchema, registrySchema, stepSchema, trackSchema } from './domain/schema.js';
export * from './domain/vocab.js';
export {
  activateTrack,
  archiveTrack,
  cancelTrack,
  completeTrack,
  createTrack,
  failTrack,
  pauseTrack,
  readyTrack,
  resumeTrack,
  setStatus,
  switchTrack,
  type TrackStore,
  type TransitionResult,
} from './service/lifecycle.js';
export { type ListFilter, listTracks, showTrack, trackHistory } from './service/queries.js';
export { UPDATABLE_FIELDS, updateTrack } from './service/update.js';
export { FileStore, type OpenOptions };

import type { Track } from './domain/schema.js';
import { getActiveTrack as activeIn } from './service/queries.js';

/** Opens the tracks root found from `cwd` upwards (or the one given). */
export function openStore(options: OpenOptions = {}): FileStore {
  return FileStore.open(options);
}

/** Creates the tracks root if needed and opens it. */
export function initStore(options: OpenOptions = {}): FileStore {
  return FileStore.init(options).store;
}

/** The active track of the store (by default the one found from the current directory), or null. */
export function getActiveTrack(store: FileStore = FileStore.open()): Promise<Track | null> {
  return activeIn(store);
}

// Store health (issue #6): `track doctor` as a library call.
export { type DoctorReport, diagnose, doctor } from './service/doctor.js';
export type { Check, Problem, Repair } from './service/doctor-checks.js';
