/**
 * `track doctor` on a database store: the lane rules are the database's own constraints, so what
 * is left to check is what a constraint cannot see: every document reads against its schema and
 * every checkpoint still matches its checksum.
 */
import { verifyCheckpoint } from '../../core/checkpoint-seal.js';
import { toTrackError } from '../../core/to-track-error.js';
import type { StoreReader } from '../../store/port.js';
import { redactUrl } from '../../store/postgres/connection.js';
import type { PgStore } from '../../store/postgres/pg-store.js';
import type { DoctorReport } from './doctor.js';
import type { Problem } from './problem.js';

const manual = (path: string, problem: string, fix: string): Problem => ({ check: 'database', path, problem, fix, repair: { kind: 'manual' } });

async function checkTrack(reader: StoreReader, trackId: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  try {
    await reader.getTrack(trackId);
  } catch (error) {
    problems.push(manual(trackId, toTrackError(error).message, `restore it from a checkpoint: track checkpoints ${trackId}, then track restore`));
  }
  for (const checkpointId of await reader.listCheckpoints(trackId)) {
    try {
      const checkpoint = await reader.readCheckpoint(trackId, checkpointId);
      if (checkpoint) verifyCheckpoint(checkpoint);
    } catch (error) {
      problems.push(manual(`${trackId}/${checkpointId}`, toTrackError(error).message, 'this checkpoint cannot be restored; restore another one'));
    }
  }
  return problems;
}

export async function databaseDoctor(store: PgStore): Promise<DoctorReport> {
  const problems = await store.read(async (reader) => {
    const ids = [...Object.keys((await reader.openTracks()).tracks), ...Object.keys((await reader.closedTracks()).tracks)];
    const found: Problem[] = [];
    for (const id of ids) found.push(...(await checkTrack(reader, id)));
    return found;
  });
  return { root: `${redactUrl(store.target.url)} (project ${store.project})`, healthy: problems.length === 0, problems, fixed: [], remaining: problems };
}
