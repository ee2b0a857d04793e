import { TrackError } from '../domain/errors.js';
import type { Checkpoint, Track } from '../domain/schema.js';
import { verifyCheckpoint } from '../store/checkpoint-codec.js';
import type { DocumentReader } from '../store/documents.js';
import type { FileTx } from '../store/transaction.js';

export type CheckpointKind = Checkpoint['kind'];

const CONTEXT_DOCUMENT = /\.(json|md|txt)$/;

/** Top-level context documents of a track (the artifact store is captured by its manifest). */
export function contextDocuments(reader: DocumentReader, trackId: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of reader.listContext(trackId)) {
    if (!CONTEXT_DOCUMENT.test(name)) continue;
    const text = reader.readContext(trackId, name);
    if (text !== null) files[name] = text;
  }
  return files;
}

/** Writes a checksummed checkpoint of the track as it stands in this transaction. */
export function checkpointTrack(tx: FileTx, track: Track, kind: CheckpointKind, reason?: string): Checkpoint {
  return tx.writeCheckpoint({
    track_id: track.track_id,
    kind,
    ...(reason ? { reason } : {}),
    created_at: tx.at,
    track,
    context_files: contextDocuments(tx, track.track_id),
  });
}

export function latestCheckpoint(reader: DocumentReader, trackId: string): Checkpoint | null {
  const ids = reader.listCheckpoints(trackId);
  const last = ids[ids.length - 1];
  return last ? reader.readCheckpoint(trackId, last) : null;
}

/**
 * Puts the track document and its context files back exactly as the checkpoint holds them,
 * after verifying its checksum. The status history is append-only and is kept from `current`.
 */
export function restoreFromCheckpoint(tx: FileTx, current: Track, checkpoint: Checkpoint): Track {
  verifyCheckpoint(checkpoint);
  if (checkpoint.track.track_id !== current.track_id) {
    throw new TrackError('CORRUPT_STORE', `checkpoint ${checkpoint.checkpoint_id} belongs to '${checkpoint.track.track_id}'`, "run 'track doctor'");
  }
  const wanted = checkpoint.context_files;
  for (const name of Object.keys(contextDocuments(tx, current.track_id))) {
    if (!(name in wanted)) tx.stage(`${current.track_id}/context/${name}`, null);
  }
  for (const [name, text] of Object.entries(wanted)) tx.writeContext(current.track_id, name, text);
  return { ...checkpoint.track, status: current.status, status_history: current.status_history };
}
