import { verifyCheckpoint } from '../../core/checkpoint-seal.js';
import { ChecksumMismatchError, TrackError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { hint, run } from '../../core/hint.js';
import { decodeUtf8, parseJsonText, toJsonText, validateDocument } from '../../core/json.js';
import { type ArtifactEntry, type Checkpoint, checkpointSchema, type GitState, type ObjectRef, RUN_ID, type Run, type Track } from '../../core/schema.js';
import type { DocumentReader } from '../../store/file/documents.js';
import { checkpointFile, workflowsDir } from '../../store/file/layout.js';
import { putObject, readObject } from '../../store/file/objects.js';
import { findRun, listRunIds, stageRun } from '../../store/file/runs.js';
import type { FileTx } from '../../store/file/transaction.js';
import { ARTIFACTS, ARTIFACTS_FILE, readContextDoc, writeContextDoc } from '../notes/notes-docs.js';

export type CheckpointKind = Checkpoint['kind'];

export interface CheckpointExtras {
  /** The project's git state, read before the transaction opened (never under the lock). */
  git?: GitState | null | undefined;
  runId?: string | undefined;
}

const CONTEXT_DOCUMENT = /\.(json|md|txt)$/;

/** Top-level context documents of a track (the artifact manifest is captured on its own). */
export function contextDocuments(reader: DocumentReader, trackId: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of reader.listContext(trackId)) {
    if (!CONTEXT_DOCUMENT.test(name) || name === ARTIFACTS_FILE) continue;
    const text = reader.readContext(trackId, name);
    if (text !== null) files[name] = text;
  }
  return files;
}

/** The raw `run.json` of every workflow run, whatever its shape. */
function runStates(reader: DocumentReader, trackId: string): Record<string, string> {
  const runs: Record<string, string> = {};
  const dir = workflowsDir(trackId);
  for (const name of reader.listRaw(dir).sort()) {
    if (!RUN_ID.test(name)) continue;
    const text = reader.readRaw(`${dir}/${name}/run.json`);
    if (text !== null) runs[name] = text;
  }
  return runs;
}

/**
 * Stores each context document as an object (a no-op when an identical one is already there), so
 * a checkpoint of unchanged context costs a few references. Objects are immutable and written
 * before the transaction commits: an aborted transaction leaves only unreferenced objects.
 */
function storeContextObjects(tx: FileTx, trackId: string): Record<string, ObjectRef> {
  const refs: Record<string, ObjectRef> = {};
  for (const [name, text] of Object.entries(contextDocuments(tx, trackId))) {
    const { sha256, size } = putObject(tx.root, trackId, Buffer.from(text, 'utf8'));
    refs[name] = { sha256, size };
  }
  return refs;
}

/** The context documents a checkpoint holds, read back from their objects (verified) or inline. */
export function checkpointContext(reader: DocumentReader, checkpoint: Checkpoint): Record<string, string> {
  const files: Record<string, string> = { ...checkpoint.context_files };
  for (const [name, ref] of Object.entries(checkpoint.context_objects ?? {})) {
    const bytes = readObject(reader.root, checkpoint.track_id, ref.sha256, ref.size);
    files[name] = decodeUtf8(bytes, `${checkpoint.track_id}/objects/${ref.sha256}`);
  }
  return files;
}

/**
 * Writes a checksummed checkpoint of the track as it stands in this transaction: the track
 * document, every context file, the artifact manifest (bytes stay in the object store), the
 * workflow runs, and the git state when the caller collected it.
 */
export function checkpointTrack(tx: FileTx, track: Track, kind: CheckpointKind, reason?: string, extras: CheckpointExtras = {}): Checkpoint {
  return tx.writeCheckpoint({
    track_id: track.track_id,
    kind,
    ...(reason ? { reason } : {}),
    created_at: tx.at,
    track,
    context_files: {},
    context_objects: storeContextObjects(tx, track.track_id),
    artifacts: readContextDoc(tx, track.track_id, ARTIFACTS).items,
    runs: runStates(tx, track.track_id),
    ...(extras.git !== undefined ? { git: extras.git } : {}),
    ...(extras.runId ? { run_id: extras.runId } : {}),
  });
}

/**
 * A paused track is restored from its latest checkpoint on resume, so a change made while it is
 * paused must land in a fresh checkpoint or resume would silently undo it (the transaction refuses
 * to commit such a change). Writes one when `track`, as staged, has changes no checkpoint holds.
 */
export function keepPausedTrackCurrent(tx: FileTx, track: Track, what: string): Checkpoint | undefined {
  return track.status === 'paused' && tx.needsCheckpoint(track.track_id) ? checkpointTrack(tx, track, 'pause', `${what} while paused`) : undefined;
}

export function latestCheckpoint(reader: DocumentReader, trackId: string): Checkpoint | null {
  const ids = reader.listCheckpoints(trackId);
  const last = ids[ids.length - 1];
  return last ? reader.readCheckpoint(trackId, last) : null;
}

/**
 * Reads a checkpoint and proves it intact: the file is exactly the bytes it was written as, its
 * checksum matches, and every artifact object it references hashes to its name and size.
 */
export function loadVerifiedCheckpoint(reader: DocumentReader, trackId: string, checkpointId: string): Checkpoint {
  const relative = checkpointFile(trackId, checkpointId);
  const text = reader.readRaw(relative);
  if (text === null) {
    throw new TrackError('NOT_FOUND', `track '${trackId}' has no checkpoint '${checkpointId}'`, hint`${run('checkpoints', { track_id: trackId })}`);
  }
  const label = `${trackId}/checkpoints/${checkpointId}.json`;
  const raw = parseJsonText(text, label);
  const canonical = toJsonText(raw);
  if (canonical !== text) throw new ChecksumMismatchError(label, `sha256:${sha256Hex(canonical)}`, `sha256:${sha256Hex(text)}`);
  const checkpoint = validateDocument(raw, checkpointSchema, label);
  verifyCheckpoint(checkpoint);
  if (checkpoint.track_id !== trackId || checkpoint.checkpoint_id !== checkpointId) {
    throw new TrackError('CORRUPT_STORE', `${label} holds ${checkpoint.track_id}/${checkpoint.checkpoint_id}`, hint`${run('doctor')}`);
  }
  const seen = new Set<string>();
  for (const ref of [...Object.values(checkpoint.context_objects ?? {}), ...(checkpoint.artifacts ?? [])]) {
    if (seen.has(ref.sha256)) continue;
    seen.add(ref.sha256);
    readObject(reader.root, trackId, ref.sha256, ref.size);
  }
  return checkpoint;
}

/**
 * Puts the track document, its context files and its artifact manifest back exactly as the
 * checkpoint holds them, after verifying its checksum. The status history is append-only and
 * is kept from `current`.
 */
export function restoreFromCheckpoint(tx: FileTx, current: Track, checkpoint: Checkpoint): Track {
  verifyCheckpoint(checkpoint);
  if (checkpoint.track.track_id !== current.track_id) {
    throw new TrackError('CORRUPT_STORE', `checkpoint ${checkpoint.checkpoint_id} belongs to '${checkpoint.track.track_id}'`, hint`${run('doctor')}`);
  }
  const id = current.track_id;
  const wanted = checkpointContext(tx, checkpoint);
  for (const name of Object.keys(contextDocuments(tx, id))) {
    if (!(name in wanted)) tx.stage(`${id}/context/${name}`, null);
  }
  for (const [name, text] of Object.entries(wanted)) tx.writeContext(id, name, text);
  restoreArtifactManifest(tx, id, checkpoint.artifacts ?? []);
  const restored: Track = { ...checkpoint.track, status: current.status, status_history: current.status_history };
  closeRewoundHandoffs(tx, restored, checkpoint.checkpoint_id);
  return restored;
}

/**
 * Runs are not part of what a restore puts back: they are the record of what happened. A run still
 * `waiting` for its step's holder whose step the restored plan no longer has in progress on it (a
 * hand-off made after the checkpoint) would wait forever: it is closed as interrupted, in the same
 * transaction. A run still `running` is left to its runner, which finds its step rewound and
 * records the run as superseded.
 */
function closeRewoundHandoffs(tx: FileTx, restored: Track, checkpointId: string): void {
  for (const runId of listRunIds(tx, restored.track_id)) {
    let run: Run | null;
    try {
      run = findRun(tx, restored.track_id, runId);
    } catch {
      continue; // a damaged run record is doctor's to report
    }
    if (run?.status !== 'waiting') continue;
    const step = restored.steps.find((s) => s.step_id === run.step_id);
    if (step?.status === 'in-progress' && step.last_run_id === run.run_id) continue;
    stageRun(tx, { ...run, status: 'interrupted', ended_at: tx.at, error: `its step was rewound by restoring ${checkpointId}` });
  }
}

function restoreArtifactManifest(tx: FileTx, trackId: string, items: ArtifactEntry[]): void {
  if (items.length) writeContextDoc(tx, trackId, ARTIFACTS, { format: 'track-artifacts/1', items });
  else if (tx.readContext(trackId, ARTIFACTS_FILE) !== null) tx.stage(`${trackId}/context/${ARTIFACTS_FILE}`, null);
}
