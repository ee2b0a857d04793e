/** Everything the board's page of one track shows, read in one consistent snapshot. */
import { criticalPath } from '../../core/critical-path.js';
import { TrackError } from '../../core/errors.js';
import type { ArtifactEntry, Assumption, Checkpoint, Decision, Learning, Run, Track } from '../../core/schema.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { loadVerifiedCheckpoint } from '../checkpoints/snapshot.js';
import { ARTIFACTS, ASSUMPTIONS, DECISIONS, LEARNINGS, readContextDoc } from '../notes/notes-docs.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { unmetPrerequisites } from '../tracks/dependencies.js';

/** A checkpoint in the track's timeline; a damaged one is listed with what could still be read of it. */
export interface CheckpointEntry {
  checkpoint_id: string;
  kind: Checkpoint['kind'] | null;
  reason: string | null;
  created_at: string | null;
  /** The track's status and progress when it was taken. */
  status: Track['status'] | null;
  percentage: number | null;
  /** False when its bytes, checksum or objects no longer match (restore refuses it). */
  intact: boolean;
}

export interface TrackPage {
  track: Track;
  blocked_by: string[];
  critical_path: string[];
  checkpoints: CheckpointEntry[];
  runs: Run[];
  decisions: Decision[];
  assumptions: Assumption[];
  learnings: Learning[];
  artifacts: ArtifactEntry[];
}

const entryOf = (c: Checkpoint, intact: boolean): CheckpointEntry => ({
  checkpoint_id: c.checkpoint_id,
  kind: c.kind,
  reason: c.reason ?? null,
  created_at: c.created_at,
  status: c.track.status,
  percentage: c.track.progress.percentage,
  intact,
});

async function timelineEntry(reader: StoreReader, trackId: string, checkpointId: string): Promise<CheckpointEntry> {
  try {
    return entryOf(await loadVerifiedCheckpoint(reader, trackId, checkpointId), true);
  } catch (error) {
    if (!(error instanceof TrackError)) throw error;
  }
  const unreadable = { checkpoint_id: checkpointId, kind: null, reason: null, created_at: null, status: null, percentage: null, intact: false };
  try {
    const parsed = await reader.readCheckpoint(trackId, checkpointId);
    return parsed ? entryOf(parsed, false) : unreadable;
  } catch (error) {
    if (error instanceof TrackError) return unreadable;
    throw error;
  }
}

async function runsOf(reader: StoreReader, trackId: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (const runId of await reader.listRuns(trackId)) {
    const run = await reader.findRun(trackId, runId);
    if (run) runs.push(run);
  }
  return runs;
}

/** The track (the active one when no id is given) with its plan's critical path, timeline, runs and notes. */
export function trackPage(store: StorePort, input: { track_id?: string | undefined } = {}): Promise<TrackPage> {
  return store.read(async (reader) => {
    const track = await resolveTrack(reader, input.track_id);
    const id = track.track_id;
    const open = track.status === 'draft' || track.status === 'ready';
    const checkpoints: CheckpointEntry[] = [];
    for (const cid of await reader.listCheckpoints(id)) checkpoints.push(await timelineEntry(reader, id, cid));
    return {
      track,
      blocked_by: open ? (await unmetPrerequisites(reader, track)).map((u) => u.track_id) : [],
      critical_path: criticalPath(track.steps),
      checkpoints,
      runs: await runsOf(reader, id),
      decisions: (await readContextDoc(reader, id, DECISIONS)).items,
      assumptions: (await readContextDoc(reader, id, ASSUMPTIONS)).items,
      learnings: (await readContextDoc(reader, id, LEARNINGS)).items,
      artifacts: (await readContextDoc(reader, id, ARTIFACTS)).items,
    };
  });
}
