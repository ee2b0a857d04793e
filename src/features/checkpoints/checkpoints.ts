/** The checkpoint use cases: take one, list, verify, restore. */

import { type CheckpointInput, checkpointInputSchema } from '../../core/context-inputs.js';
import { ValidationError } from '../../core/errors.js';
import { cmd, hint, run } from '../../core/hint.js';
import type { Checkpoint, GitState, Track } from '../../core/schema.js';
import { CHECKPOINT_ID } from '../../core/schema.js';
import { parseInput } from '../../core/validate.js';
import type { StorePort } from '../../store/port.js';
import { resolveTrack } from '../tracks/bound-track.js';
import type { TrackTarget } from '../tracks/track-inputs.js';
import { readGitState } from './git-state.js';
import { checkpointTrack, keepPausedTrackCurrent, loadVerifiedCheckpoint, readCheckpoint, restoreFromCheckpoint } from './snapshot.js';

export function checkCheckpointId(id: unknown): void {
  if (typeof id !== 'string' || !CHECKPOINT_ID.test(id)) {
    throw new ValidationError(
      `invalid checkpoint id '${String(id).slice(0, 60)}': expected checkpoint-NNN (or checkpoint-NNN-k3x9p)`,
      hint`${run('checkpoints')} to list them`,
    );
  }
}

export interface CheckpointSummary {
  checkpoint_id: string;
  kind: Checkpoint['kind'];
  reason?: string | undefined;
  created_at: string;
  checksum: string;
  artifacts: number;
  runs: number;
  git: GitState | null;
}

/** A manual checkpoint (kind `run` when it belongs to a workflow run). Git is read before the lock. */
export async function createCheckpoint(store: StorePort, input: CheckpointInput = {}): Promise<Checkpoint> {
  const fields = parseInput(checkpointInputSchema, input, 'checkpoint');
  const git = readGitState(store.projectDir);
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, fields.track_id);
    return checkpointTrack(tx, track, fields.run_id ? 'run' : 'manual', fields.reason, { git, run_id: fields.run_id });
  });
}

export async function listCheckpoints(store: StorePort, target: TrackTarget = {}): Promise<{ track_id: string; checkpoints: CheckpointSummary[] }> {
  return store.read(async (reader) => {
    const id = (await resolveTrack(reader, target.track_id)).track_id;
    const checkpoints: CheckpointSummary[] = [];
    for (const cid of await reader.listCheckpoints(id)) {
      const c = await readCheckpoint(reader, id, cid);
      checkpoints.push({
        checkpoint_id: c.checkpoint_id,
        kind: c.kind,
        ...(c.reason ? { reason: c.reason } : {}),
        created_at: c.created_at,
        checksum: c.checksum,
        artifacts: c.artifacts?.length ?? 0,
        runs: Object.keys(c.runs ?? {}).length,
        git: c.git ?? null,
      });
    }
    return { track_id: id, checkpoints };
  });
}

export interface VerifyResult {
  checkpoint_id: string;
  ok: boolean;
  problem?: string;
  code?: string;
}

export interface VerifyInput extends TrackTarget {
  /** One checkpoint; without it (and without `all`) the latest. */
  checkpoint_id?: string | undefined;
  all?: boolean | undefined;
}

/** Checks each checkpoint's bytes, checksum and every object it references; reports, never repairs. */
export async function verifyCheckpoints(store: StorePort, input: VerifyInput = {}): Promise<{ track_id: string; results: VerifyResult[] }> {
  if (input.all && input.checkpoint_id)
    throw new ValidationError(
      'pass a checkpoint id or --all, not both',
      hint`${cmd('checkpoint_verify', { checkpoint_id: 'ID' })} or ${cmd('checkpoint_verify', { all: true })}`,
    );
  if (input.checkpoint_id !== undefined) checkCheckpointId(input.checkpoint_id);
  return store.read(async (reader) => {
    const id = (await resolveTrack(reader, input.track_id)).track_id;
    const ids = await reader.listCheckpoints(id);
    const chosen = input.all ? ids : input.checkpoint_id ? [input.checkpoint_id] : ids.slice(-1);
    const results: VerifyResult[] = [];
    for (const cid of chosen) {
      try {
        await loadVerifiedCheckpoint(reader, id, cid);
        results.push({ checkpoint_id: cid, ok: true });
      } catch (error) {
        const e = error as { message?: string; code?: string };
        if (e.code === 'NOT_FOUND' && input.checkpoint_id) throw error;
        results.push({ checkpoint_id: cid, ok: false, problem: String(e.message ?? error), ...(e.code ? { code: e.code } : {}) });
      }
    }
    return { track_id: id, results };
  });
}

export interface RestoreInput extends TrackTarget {
  checkpoint_id: string;
}

export interface RestoreResult {
  track: Track;
  restored_from: string;
  /** The checkpoint of the state just before the restore: restore it to undo. */
  safety_checkpoint: Checkpoint;
}

/**
 * Restores the track document, context and artifact manifest from a checkpoint, as one
 * transaction. Any checksum mismatch refuses the whole restore before anything is staged.
 */
export async function restoreCheckpoint(store: StorePort, input: RestoreInput): Promise<RestoreResult> {
  checkCheckpointId(input.checkpoint_id);
  const git = readGitState(store.projectDir);
  return store.transaction(async (tx) => {
    const current = await resolveTrack(tx, input.track_id);
    const checkpoint = await loadVerifiedCheckpoint(tx, current.track_id, input.checkpoint_id);
    const safety = await checkpointTrack(tx, current, 'pre-restore', `before restoring ${checkpoint.checkpoint_id}`, { git });
    const track = await tx.putTrack(await restoreFromCheckpoint(tx, current, checkpoint));
    await keepPausedTrackCurrent(tx, track, `restored ${checkpoint.checkpoint_id}`);
    return { track, restored_from: checkpoint.checkpoint_id, safety_checkpoint: safety };
  });
}
