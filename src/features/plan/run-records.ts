/** New run records: the next run id of a track, and a run that must not overwrite another. */
import { ConflictError } from '../../core/errors.js';
import { RUN_ID, type Run } from '../../core/schema.js';
import { formatSequence, nextSequenceNumber } from '../../core/sequence-names.js';
import type { StoreTx } from '../../store/port.js';

/** The one way a run id is allocated: `run-NNN` one above the track's highest number (with the store's tag, `run-NNN-k3x9p`, in a store shared through git). */
export async function nextRunId(tx: StoreTx, trackId: string): Promise<string> {
  return formatSequence('run', nextSequenceNumber(await tx.listRuns(trackId), RUN_ID), tx.nameTag());
}

/** Writes a new run; refuses to overwrite an existing one. */
export async function putNewRun(tx: StoreTx, run: Run): Promise<Run> {
  if (await tx.findRun(run.track_id, run.run_id)) {
    throw new ConflictError(`run '${run.run_id}' already exists in track '${run.track_id}'`, 'omit the run id to get a fresh one', { run_id: run.run_id });
  }
  return tx.putRun(run);
}
