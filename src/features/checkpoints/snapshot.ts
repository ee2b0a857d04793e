import { verifyCheckpoint } from '../../core/checkpoint-seal.js';
import { ChecksumMismatchError, TrackError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { cmd, hint, run } from '../../core/hint.js';
import { decodeUtf8, parseJsonText, toJsonText, validateDocument } from '../../core/json.js';
import { type ArtifactEntry, type Checkpoint, checkpointSchema, type GitState, type ObjectRef, type Run, type Track } from '../../core/schema.js';
import { closest, didYouMean } from '../../core/suggest.js';
import type { StoreReader, StoreTx } from '../../store/port.js';
import { ARTIFACTS, ARTIFACTS_FILE, readContextDoc, writeContextDoc } from '../notes/notes-docs.js';

export type CheckpointKind = Checkpoint['kind'];

export interface CheckpointExtras {
  /** The project's git state, read before the transaction opened (never under the lock). */
  git?: GitState | null | undefined;
  run_id?: string | undefined;
}

const CONTEXT_DOCUMENT = /\.(json|md|txt)$/;

/** Top-level context documents of a track (the artifact manifest is captured on its own). */
export async function contextDocuments(reader: StoreReader, trackId: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await reader.listContext(trackId)) {
    if (!CONTEXT_DOCUMENT.test(name) || name === ARTIFACTS_FILE) continue;
    const text = await reader.readContext(trackId, name);
    if (text !== null) files[name] = text;
  }
  return files;
}

/** The `run.json` of every workflow run as stored, whatever its shape, by run id (in name order). */
async function runStates(reader: StoreReader, trackId: string): Promise<Record<string, string>> {
  const runs: Record<string, string> = {};
  for (const runId of [...(await reader.listRuns(trackId))].sort()) {
    const text = await reader.readRunText(trackId, runId);
    if (text !== null) runs[runId] = text;
  }
  return runs;
}

/**
 * Stores each context document as an object (a no-op when an identical one is already there), so
 * a checkpoint of unchanged context costs a few references. Objects are immutable and written
 * before the transaction commits: an aborted transaction leaves only unreferenced objects.
 */
async function storeContextObjects(tx: StoreTx, trackId: string): Promise<Record<string, ObjectRef>> {
  const refs: Record<string, ObjectRef> = {};
  for (const [name, text] of Object.entries(await contextDocuments(tx, trackId))) {
    refs[name] = await tx.putObject(trackId, Buffer.from(text, 'utf8'));
  }
  return refs;
}

/** The context documents a checkpoint holds, read back from their objects (verified) or inline. */
export async function checkpointContext(reader: StoreReader, checkpoint: Checkpoint): Promise<Record<string, string>> {
  const files: Record<string, string> = { ...checkpoint.context_files };
  for (const [name, ref] of Object.entries(checkpoint.context_objects ?? {})) {
    const bytes = await reader.readObject(checkpoint.track_id, ref.sha256, ref.size);
    files[name] = decodeUtf8(bytes, `${checkpoint.track_id}/objects/${ref.sha256}`);
  }
  return files;
}

/**
 * Writes a checksummed checkpoint of the track as it stands in this transaction: the track
 * document, every context file, the artifact manifest (bytes stay in the object store), the
 * workflow runs, and the git state when the caller collected it.
 */
export async function checkpointTrack(tx: StoreTx, track: Track, kind: CheckpointKind, reason?: string, extras: CheckpointExtras = {}): Promise<Checkpoint> {
  return tx.writeCheckpoint({
    track_id: track.track_id,
    kind,
    ...(reason ? { reason } : {}),
    created_at: tx.at,
    track,
    context_files: {},
    context_objects: await storeContextObjects(tx, track.track_id),
    artifacts: (await readContextDoc(tx, track.track_id, ARTIFACTS)).items,
    runs: await runStates(tx, track.track_id),
    ...(extras.git !== undefined ? { git: extras.git } : {}),
    ...(extras.run_id ? { run_id: extras.run_id } : {}),
  });
}

/**
 * A paused track is restored from its latest checkpoint on resume, so a change made while it is
 * paused must land in a fresh checkpoint or resume would silently undo it (the transaction refuses
 * to commit such a change). Writes one when `track`, as staged, has changes no checkpoint holds.
 */
export async function keepPausedTrackCurrent(tx: StoreTx, track: Track, what: string): Promise<Checkpoint | undefined> {
  return track.status === 'paused' && (await tx.needsCheckpoint(track.track_id)) ? checkpointTrack(tx, track, 'pause', `${what} while paused`) : undefined;
}

/** A checkpoint of the track, or NOT_FOUND. */
export async function readCheckpoint(reader: StoreReader, trackId: string, checkpointId: string): Promise<Checkpoint> {
  const checkpoint = await reader.readCheckpoint(trackId, checkpointId);
  if (!checkpoint) throw await noCheckpoint(reader, trackId, checkpointId);
  return checkpoint;
}

/** Not found, with the nearest checkpoint ids of the track (`checkpoint-002` typed without its tag finds `checkpoint-002-m7q2r`). */
async function noCheckpoint(reader: StoreReader, trackId: string, checkpointId: string): Promise<TrackError> {
  const near = closest(checkpointId, await reader.listCheckpoints(trackId));
  const list = { track_id: trackId };
  return new TrackError(
    'NOT_FOUND',
    `track '${trackId}' has no checkpoint '${checkpointId}'`,
    near.length ? hint`${didYouMean(near)} (${cmd('checkpoints', list)} lists them)` : hint`${run('checkpoints', list)}`,
    { track_id: trackId, checkpoint_id: checkpointId.slice(0, 200), ...(near.length ? { did_you_mean: near } : {}) },
  );
}

export async function latestCheckpoint(reader: StoreReader, trackId: string): Promise<Checkpoint | null> {
  const last = (await reader.listCheckpoints(trackId)).at(-1);
  return last ? readCheckpoint(reader, trackId, last) : null;
}

/**
 * Reads a checkpoint and proves it intact: the file is exactly the bytes it was written as, its
 * checksum matches, and every artifact object it references hashes to its name and size.
 */
export async function loadVerifiedCheckpoint(reader: StoreReader, trackId: string, checkpointId: string): Promise<Checkpoint> {
  const text = await reader.readCheckpointText(trackId, checkpointId);
  if (text === null) throw await noCheckpoint(reader, trackId, checkpointId);
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
    await reader.readObject(trackId, ref.sha256, ref.size);
  }
  return checkpoint;
}

/**
 * Puts the track document, its context files and its artifact manifest back exactly as the
 * checkpoint holds them, after verifying its checksum. The status history is append-only and
 * is kept from `current`.
 */
export async function restoreFromCheckpoint(tx: StoreTx, current: Track, checkpoint: Checkpoint): Promise<Track> {
  verifyCheckpoint(checkpoint);
  if (checkpoint.track.track_id !== current.track_id) {
    throw new TrackError('CORRUPT_STORE', `checkpoint ${checkpoint.checkpoint_id} belongs to '${checkpoint.track.track_id}'`, hint`${run('doctor')}`);
  }
  const id = current.track_id;
  const wanted = await checkpointContext(tx, checkpoint);
  for (const name of Object.keys(await contextDocuments(tx, id))) {
    if (!(name in wanted)) await tx.writeContext(id, name, null);
  }
  for (const [name, text] of Object.entries(wanted)) await tx.writeContext(id, name, text);
  await restoreArtifactManifest(tx, id, checkpoint.artifacts ?? []);
  // Who holds the track (lane, clone) and its histories are now's, not the checkpoint's: a restore puts back the work, not the seat.
  const { lane: _lane, clone: _clone, merge_history: _merges, ...work } = checkpoint.track;
  const restored: Track = {
    ...work,
    status: current.status,
    status_history: current.status_history,
    ...(current.lane ? { lane: current.lane } : {}),
    ...(current.clone ? { clone: current.clone } : {}),
    ...(current.merge_history ? { merge_history: current.merge_history } : {}),
  };
  await closeRewoundHandoffs(tx, restored, checkpoint.checkpoint_id);
  return restored;
}

/**
 * Runs are not part of what a restore puts back: they are the record of what happened. A run still
 * `waiting` for its step's holder whose step the restored plan no longer has in progress on it (a
 * hand-off made after the checkpoint) would wait forever: it is closed as interrupted, in the same
 * transaction. A run still `running` is left to its runner, which finds its step rewound and
 * records the run as superseded.
 */
async function closeRewoundHandoffs(tx: StoreTx, restored: Track, checkpointId: string): Promise<void> {
  for (const runId of await tx.listRuns(restored.track_id)) {
    let run: Run | null;
    try {
      run = await tx.findRun(restored.track_id, runId);
    } catch {
      continue; // a damaged run record is doctor's to report
    }
    if (run?.status !== 'waiting') continue;
    const step = restored.steps.find((s) => s.step_id === run.step_id);
    if (step?.status === 'in-progress' && step.last_run_id === run.run_id) continue;
    await tx.putRun({ ...run, status: 'interrupted', ended_at: tx.at, error: `its step was rewound by restoring ${checkpointId}` });
  }
}

async function restoreArtifactManifest(tx: StoreTx, trackId: string, items: ArtifactEntry[]): Promise<void> {
  if (items.length) await writeContextDoc(tx, trackId, ARTIFACTS, { format: 'track-artifacts/1', items });
  else if ((await tx.readContext(trackId, ARTIFACTS_FILE)) !== null) await tx.writeContext(trackId, ARTIFACTS_FILE, null);
}
