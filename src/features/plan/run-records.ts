/** New run records: the next run id of a track, and a run that must not overwrite another. */
import { ConflictError } from '../../core/errors.js';
import { formatSequence } from '../../core/ids.js';
import type { Run } from '../../core/schema.js';
import type { StoreReader, StoreTx } from '../../store/port.js';

/** `run-NNN` one above the track's highest run id. */
export async function nextRunId(reader: StoreReader, trackId: string): Promise<string> {
  const last = (await reader.listRuns(trackId)).at(-1);
  return formatSequence('run', last ? Number(last.slice(4)) + 1 : 1);
}

/** Writes a new run; refuses to overwrite an existing one. */
export async function putNewRun(tx: StoreTx, run: Run): Promise<Run> {
  if (await tx.findRun(run.track_id, run.run_id)) {
    throw new ConflictError(`run '${run.run_id}' already exists in track '${run.track_id}'`, 'omit the run id to get a fresh one', { run_id: run.run_id });
  }
  return tx.putRun(run);
}
