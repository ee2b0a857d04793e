import { globOverlap, normalizeTarget } from '../../core/glob-overlap.js';
import type { Track } from '../../core/schema.js';
import type { StorePort, StoreReader } from '../../store/port.js';

/** Two open tracks whose targets can touch the same path. */
export interface TrackConflict {
  tracks: [string, string];
  overlaps: Array<{ patterns: [string, string]; example_path: string }>;
}

function targetsOf(track: Track): string[] {
  return [...track.context.target_files.map((f) => normalizeTarget(f, false)), ...track.context.target_directories.map((d) => normalizeTarget(d, true))].filter(
    (g) => g !== '',
  );
}

export function conflictBetween(a: Track, b: Track): TrackConflict | null {
  const overlaps: TrackConflict['overlaps'] = [];
  for (const pa of targetsOf(a)) {
    for (const pb of targetsOf(b)) {
      const example = globOverlap(pa, pb);
      if (example !== null) overlaps.push({ patterns: [pa, pb], example_path: example });
    }
  }
  return overlaps.length ? { tracks: [a.track_id, b.track_id], overlaps } : null;
}

/** Open tracks (draft, ready, active, paused), read in full. */
export async function openTracks(reader: StoreReader): Promise<Track[]> {
  const ids = Object.keys((await reader.openTracks()).tracks).sort();
  const tracks: Track[] = [];
  for (const id of ids) tracks.push(await reader.getTrack(id));
  return tracks;
}

/** Conflicts of `trackId` with every other open track, or among all open tracks when no id is given. */
export async function conflictsIn(reader: StoreReader, trackId?: string): Promise<TrackConflict[]> {
  const out: TrackConflict[] = [];
  if (trackId !== undefined) {
    const self = await reader.getTrack(trackId);
    // A track without target files or directories cannot overlap: no need to open the others.
    if (!self.context.target_files.length && !self.context.target_directories.length) return out;
    for (const other of await openTracks(reader)) {
      if (other.track_id === self.track_id) continue;
      const conflict = conflictBetween(self, other);
      if (conflict) out.push(conflict);
    }
    return out;
  }
  const open = await openTracks(reader);
  for (let i = 0; i < open.length; i++) {
    for (let j = i + 1; j < open.length; j++) {
      const conflict = conflictBetween(open[i] as Track, open[j] as Track);
      if (conflict) out.push(conflict);
    }
  }
  return out;
}

export const findConflicts = (store: StorePort, trackId?: string): Promise<TrackConflict[]> => store.read((reader) => conflictsIn(reader, trackId));
