/**
 * Content-addressed artifact bytes of one track: `<track>/objects/<sha256>`. Objects are
 * immutable and written before the transaction that references them commits, so a crash leaves
 * at most an unreferenced object behind (harmless; `track doctor` may collect it).
 */
import { ChecksumMismatchError, CorruptStoreError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { validateTrackId } from '../../core/ids.js';
import { SHA256_PATTERN } from '../../core/schema.js';
import { MAX_OBJECT_BYTES } from '../port.js';
import { atomicWriteFile, ensureDir } from './atomic-write.js';
import { isErrno } from './fs-seam.js';
import { safeJoin } from './paths.js';
import { readFileBytes } from './safe-json.js';

export const OBJECTS_DIR = 'objects';

export function objectPath(root: string, trackId: string, sha256: string): string {
  if (!SHA256_PATTERN.test(sha256)) throw new CorruptStoreError(`${trackId}/${OBJECTS_DIR}`, `'${sha256.slice(0, 80)}' is not a sha256 object name`);
  return safeJoin(root, validateTrackId(trackId), OBJECTS_DIR, sha256);
}

/** Stores `bytes` under their sha256 unless an intact copy is already there. */
export function putObject(root: string, trackId: string, bytes: Uint8Array): { sha256: string; size: number; written: boolean } {
  const sha256 = sha256Hex(bytes);
  const path = objectPath(root, trackId, sha256);
  const existing = readObjectIfPresent(path);
  if (existing && sha256Hex(existing) === sha256) return { sha256, size: bytes.length, written: false };
  ensureDir(safeJoin(root, trackId, OBJECTS_DIR), root);
  atomicWriteFile(path, bytes);
  return { sha256, size: bytes.length, written: true };
}

/** The bytes of an object, proven to hash to its name and to have the expected size. */
export function readObject(root: string, trackId: string, sha256: string, size?: number): Buffer {
  const path = objectPath(root, trackId, sha256);
  const bytes = readObjectIfPresent(path);
  if (!bytes) throw new CorruptStoreError(path, 'the artifact object is missing');
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new ChecksumMismatchError(`${trackId}/${OBJECTS_DIR}/${sha256}`, `sha256:${sha256}`, `sha256:${actual}`);
  if (size !== undefined && bytes.length !== size) throw new CorruptStoreError(path, `is ${bytes.length} bytes, the manifest says ${size}`);
  return bytes;
}

function readObjectIfPresent(path: string): Buffer | null {
  try {
    return readFileBytes(path, MAX_OBJECT_BYTES);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}
