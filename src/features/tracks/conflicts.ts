import { globOverlap, normalizeTarget } from '../../core/glob-overlap.js';
import type { Track } from '../../core/schema.js';
import type { DocumentReader } from '../../store/file/documents.js';
import type { TrackStore } from '../../store/file/file-store.js';

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
export function openTracks(reader: DocumentReader): Track[] {
  return Object.keys(reader.registry().tracks)
    .sort()
    .map((id) => reader.getTrack(id));
}

/** Conflicts of `trackId` with every other open track, or among all open tracks when no id is given. */
export function conflictsIn(reader: DocumentReader, trackId?: string): TrackConflict[] {
  const out: TrackConflict[] = [];
  if (trackId !== undefined) {
    const self = reader.getTrack(trackId);
    // A track without target files or directories cannot overlap: no need to open the others.
    if (!self.context.target_files.length && !self.context.target_directories.length) return out;
    for (const other of openTracks(reader)) {
      if (other.track_id === self.track_id) continue;
      const conflict = conflictBetween(self, other);
      if (conflict) out.push(conflict);
    }
    return out;
  }
  const open = openTracks(reader);
  for (let i = 0; i < open.length; i++) {
    for (let j = i + 1; j < open.length; j++) {
      const conflict = conflictBetween(open[i] as Track, open[j] as Track);
      if (conflict) out.push(conflict);
    }
  }
  return out;
}

export const findConflicts = (store: TrackStore, trackId?: string): Promise<TrackConflict[]> => store.readDocuments((reader) => conflictsIn(reader, trackId));
