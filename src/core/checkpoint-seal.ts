import { canonicalJson } from './canonical.js';
import { ChecksumMismatchError } from './errors.js';
import { sha256Hex } from './hash.js';
import type { Checkpoint } from './schema.js';

export type UnsealedCheckpoint = Omit<Checkpoint, 'checksum'>;

/** The checksum covers the canonical bytes of everything in the checkpoint except the checksum itself. */
export function checksumOf(checkpoint: UnsealedCheckpoint): string {
  const { checksum: _ignored, ...body } = checkpoint as Checkpoint;
  return `sha256:${sha256Hex(canonicalJson(body))}`;
}

export function seal(checkpoint: UnsealedCheckpoint): Checkpoint {
  return { ...checkpoint, checksum: checksumOf(checkpoint) };
}

export function verifyCheckpoint(checkpoint: Checkpoint): void {
  const actual = checksumOf(checkpoint);
  if (actual !== checkpoint.checksum) {
    throw new ChecksumMismatchError(`${checkpoint.track_id}/${checkpoint.checkpoint_id}`, checkpoint.checksum, actual);
  }
}

/** The track a checkpoint's text holds, or undefined when the text is not a checkpoint (then it holds nothing). */
export function checkpointTrackIn(content: string | Uint8Array): unknown {
  try {
    const doc: unknown = JSON.parse(typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
    return doc !== null && typeof doc === 'object' ? (doc as { track?: unknown }).track : undefined;
  } catch {
    return undefined;
  }
}
