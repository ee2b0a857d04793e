/** Relative paths (from the tracks root, '/'-separated, plain names only) of every document. */
import { validateTrackId } from '../../core/ids.js';
import { assertPlainName } from '../../core/names.js';
import { CHECKPOINT_ID } from '../../core/schema.js';

export const REGISTRY_FILE = 'track-registry.json';
export const CLOSED_REGISTRY_FILE = 'track-registry.closed.json';
export const HEAD_FILE = 'track-head.json';
/** Each track document's inode, size and modification time when the registry was last checked against it (derived.ts). */
export const TRACK_FILES_FILE = 'track-registry.files.json';
/** This clone's approved commands (see trust-file.ts): machine-local, never committed. */
export const TRUST_FILE = 'trust.json';

export const trackDir = (id: string): string => validateTrackId(id);
export const trackFile = (id: string): string => `${trackDir(id)}/track.json`;
export const contextDir = (id: string): string => `${trackDir(id)}/context`;
export const contextFile = (id: string, name: string): string => `${contextDir(id)}/${assertPlainName(name, 'context file name')}`;
export const checkpointsDir = (id: string): string => `${trackDir(id)}/checkpoints`;
export const checkpointFile = (id: string, checkpointId: string): string => `${checkpointsDir(id)}/${assertPlainName(checkpointId, 'checkpoint id')}.json`;
/** A track's run records (`workflows/run-…/`): this clone's own, never committed (local-files.ts). */
export const RUNS_DIR_NAME = 'workflows';
export const workflowsDir = (id: string): string => `${trackDir(id)}/${RUNS_DIR_NAME}`;

/** A checkpoint's file name: its id and `.json`. */
export const CHECKPOINT_NAME = new RegExp(`${CHECKPOINT_ID.source.slice(0, -1)}\\.json$`);
