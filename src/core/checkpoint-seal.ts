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
