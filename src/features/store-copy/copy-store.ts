/**
 * `track db copy`: every track of one store, with its context, objects, checkpoints (their sealed
 * bytes, so their checksums hold), runs and history, written into another store in one
 * transaction, then read back and compared byte for byte. A track id the target already uses is
 * refused before anything is written.
 */
import { ConflictError, TrackError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import type { StorePort, StoreReader, StoreTx, TrackFile } from '../../store/port.js';

export interface CopyCounts {
  tracks: number;
  active: number;
  context: number;
  checkpoints: number;
  objects: number;
  runs: number;
  /** Run logs and records kept beside runs. */
  run_files: number;
  bytes: number;
}

export interface CopyResult extends CopyCounts {
  /** Every document was read back from the target with the same bytes. */
  verified: true;
}

interface TrackCopy {
  trackId: string;
  /** The lane that holds it when active. */
  activeLane: string | null;
  files: TrackFile[];
}

const kindOf = (path: string): keyof CopyCounts | null => {
  if (path.startsWith('context/')) return 'context';
  if (path.startsWith('checkpoints/')) return 'checkpoints';
  if (path.startsWith('objects/')) return 'objects';
  if (path.startsWith('workflows/')) return path.endsWith('/run.json') ? 'runs' : 'run_files';
  return null;
};

/** Writing order: the document first, checkpoints last (a paused track's change must be held by one). */
const rank = (path: string): number => (path === 'track.json' ? 0 : path.startsWith('checkpoints/') ? 2 : 1);

async function snapshot(reader: StoreReader): Promise<{ tracks: TrackCopy[]; nextSequence: number }> {
  const open = await reader.openTracks();
  const closed = await reader.closedTracks();
  const tracks: TrackCopy[] = [];
  for (const summary of [...Object.values(open.tracks), ...Object.values(closed.tracks)]) {
    const files = (await reader.trackFiles(summary.track_id)).sort((a, b) => rank(a.path) - rank(b.path));
    tracks.push({ trackId: summary.track_id, activeLane: summary.status === 'active' ? (summary.lane ?? DEFAULT_LANE) : null, files });
  }
  return { tracks, nextSequence: open.next_sequence };
}

async function write(tx: StoreTx, tracks: readonly TrackCopy[], nextSequence: number): Promise<void> {
  const taken: string[] = [];
  for (const t of tracks) if (await tx.idInUse(t.trackId)) taken.push(t.trackId);
  if (taken.length) {
    throw new ConflictError(
      `the target already has ${taken.length} of these tracks (${taken.slice(0, 5).join(', ')}${taken.length > 5 ? ', …' : ''}): nothing was copied`,
      'copy into an empty store (another --to, or another --project in the database), or export and import single tracks with track export / track import --rename',
      { taken },
    );
  }
  for (const t of tracks) {
    for (const f of t.files) {
      if (f.path.startsWith('objects/')) await tx.putObject(t.trackId, f.bytes);
      else await tx.putTrackFile(t.trackId, f.path, f.bytes);
    }
  }
  for (const t of tracks) if (t.activeLane !== null) await tx.setActive(t.trackId, t.activeLane);
  await tx.reserveSequence(nextSequence);
}

const digest = (files: readonly TrackFile[]): Map<string, string> => new Map(files.map((f) => [f.path, sha256Hex(f.bytes)]));

async function verify(reader: StoreReader, tracks: readonly TrackCopy[]): Promise<void> {
  for (const t of tracks) {
    const copied = digest(await reader.trackFiles(t.trackId));
    for (const [path, sha] of digest(t.files)) {
      if (copied.get(path) !== sha) {
        throw new TrackError(
          'INTERNAL',
          `the copy of ${t.trackId}/${path} does not read back as written`,
          'run track doctor on the target, then copy again into an empty store',
          {
            track_id: t.trackId,
            path,
          },
        );
      }
    }
  }
}

export async function copyStore(from: StorePort, to: StorePort): Promise<CopyResult> {
  const { tracks, nextSequence } = await from.read(snapshot);
  await to.transaction((tx) => write(tx, tracks, nextSequence));
  await to.read((reader) => verify(reader, tracks));
  const counts: CopyCounts = { tracks: tracks.length, active: 0, context: 0, checkpoints: 0, objects: 0, runs: 0, run_files: 0, bytes: 0 };
  for (const t of tracks) {
    if (t.activeLane !== null) counts.active++;
    for (const f of t.files) {
      const kind = kindOf(f.path);
      if (kind) counts[kind]++;
      counts.bytes += f.bytes.length;
    }
  }
  return { ...counts, verified: true };
}
