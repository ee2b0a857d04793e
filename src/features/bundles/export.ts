import { canonicalJson } from '../../core/canonical.js';
import { sha256Hex } from '../../core/hash.js';
import type { TrackBundle } from '../../core/schema.js';
import type { StorePort } from '../../store/port.js';
import { writeUserFile } from '../../store/user-files/user-file.js';
import { resolveTrack } from '../tracks/bound-track.js';

type BundleFile = TrackBundle['files'][number];

/** The checksum over the manifest (path, size, encoding and sha256 of every file), not the data. */
export function manifestChecksum(files: readonly BundleFile[]): string {
  return sha256Hex(canonicalJson(files.map(({ path, sha256: sum, size, encoding }) => ({ path, sha256: sum, size, encoding }))));
}

/** The bytes as text when they are valid UTF-8 (they survive the round trip), else null. */
export function utf8OrNull(bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}

/** Every file of a track directory as one portable, checksummed bundle (a consistent read, no lock). */
export async function exportTrack(store: StorePort, id?: string): Promise<TrackBundle> {
  return store.read(async (reader) => {
    const track = await resolveTrack(reader, id);
    const files = (await reader.trackFiles(track.track_id)).map(({ path, bytes }): BundleFile => {
      const text = utf8OrNull(bytes);
      return {
        path,
        sha256: sha256Hex(bytes),
        size: bytes.length,
        encoding: text === null ? 'base64' : 'utf8',
        data: text ?? bytes.toString('base64'),
      };
    });
    return { format: 'track-bundle/1', track_id: track.track_id, exported_at: new Date().toISOString(), manifest_sha256: manifestChecksum(files), files };
  });
}

/** Writes a bundle to a file outside the tracks root (the store is only ever changed through transactions). */
export function writeBundleFile(store: Pick<StorePort, 'contains'>, bundle: TrackBundle, out: string, cwd = process.cwd()): string {
  return writeUserFile(store, out, `${JSON.stringify(bundle)}\n`, 'a bundle', cwd);
}
