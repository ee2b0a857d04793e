import { ValidationError } from '../../core/errors.js';
import type { Face } from '../../core/face-commands.js';
import type { Run, Track } from '../../core/schema.js';
import { RUN_ID } from '../../core/schema.js';
import type { TrackStore } from '../../store/file/file-store.js';
import { findRun, listRunIds, nextRunId, stageNewRun } from '../../store/file/runs.js';
import { buildIdlePrimer, type IdlePrimer } from '../primer/primer-idle.js';
import { resolveTrackId, targetTrackId } from '../tracks/bound-track.js';

export interface CreateRunOptions {
  /** Defaults to the track id, as in the spec's Integration Points. */
  workflowId?: string | undefined;
  selectedWorkflow?: string | undefined;
}

/** Creates `workflows/run-NNN/run.json` in the track (status 'created'), for a run manager that executes it. */
export async function createRun(store: TrackStore, trackId: string | undefined, runId?: string, options: CreateRunOptions = {}): Promise<Run> {
  if (runId !== undefined && !RUN_ID.test(runId))
    throw new ValidationError(`invalid run id '${runId.slice(0, 40)}'`, 'run ids look like run-001; omit it to get the next one');
  return store.transactDocuments((tx) => {
    const track = tx.getTrack(resolveTrackId(tx, trackId));
    return stageNewRun(tx, {
      format: 'track-run/1',
      run_id: runId ?? nextRunId(tx, track.track_id),
      track_id: track.track_id,
      workflow_id: options.workflowId ?? track.track_id,
      ...(options.selectedWorkflow ? { selected_workflow: options.selectedWorkflow } : {}),
      status: 'created',
      started_at: tx.at,
      attempts: [],
      outputs: {},
      logs: [],
    });
  });
}

export const listRuns = (store: TrackStore, trackId?: string): Promise<Run[]> =>
  store.readDocuments((reader) => {
    const id = resolveTrackId(reader, trackId);
    return listRunIds(reader, id)
      .map((runId) => findRun(reader, id, runId))
      .filter((r): r is Run => r !== null);
  });

export interface TrackStatusView {
  track: Track;
  last_run: Run | null;
}

/** With no track active and none given: the paused tracks and how to resume one. */
export interface IdleStatusView extends IdlePrimer {
  last_run: null;
}

/** The active (or given) track with its most recent run: what `track status` shows. */
export const trackStatus = (store: TrackStore, trackId?: string, face?: Face): Promise<TrackStatusView | IdleStatusView> =>
  store.readDocuments((reader) => {
    const id = targetTrackId(reader, trackId);
    if (id === null) return { ...buildIdlePrimer(reader, face), last_run: null };
    const track = reader.getTrack(id);
    const last = listRunIds(reader, track.track_id).at(-1);
    return { track, last_run: last ? findRun(reader, track.track_id, last) : null };
  });
