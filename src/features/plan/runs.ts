import { ValidationError } from '../../core/errors.js';
import type { Face } from '../../core/face-commands.js';
import type { Run, Track } from '../../core/schema.js';
import { RUN_ID } from '../../core/schema.js';
import type { StorePort } from '../../store/port.js';
import { buildIdlePrimer, type IdlePrimer } from '../primer/primer-idle.js';
import { resolveTrack, resolveTrackId, targetTrackId } from '../tracks/bound-track.js';
import type { TrackTarget } from '../tracks/track-inputs.js';
import { nextRunId, putNewRun } from './run-records.js';

export interface CreateRunInput {
  track_id?: string | undefined;
  /** The run's id (run-NNN); the next free one when omitted. */
  run_id?: string | undefined;
  /** Defaults to the track id, as in the spec's Integration Points. */
  workflow_id?: string | undefined;
  selected_workflow?: string | undefined;
}

/** Creates `workflows/run-NNN/run.json` in the track (status 'created'), for a run manager that executes it. */
export async function createRun(store: StorePort, { track_id: trackId, run_id: runId, ...options }: CreateRunInput = {}): Promise<Run> {
  if (runId !== undefined && !RUN_ID.test(runId))
    throw new ValidationError(`invalid run id '${runId.slice(0, 40)}'`, 'run ids look like run-001 (or run-001-k3x9p); omit it to get the next one');
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, trackId);
    return putNewRun(tx, {
      format: 'track-run/1',
      run_id: runId ?? (await nextRunId(tx, track.track_id)),
      track_id: track.track_id,
      workflow_id: options.workflow_id ?? track.track_id,
      ...(options.selected_workflow ? { selected_workflow: options.selected_workflow } : {}),
      status: 'created',
      started_at: tx.at,
      attempts: [],
      outputs: {},
      logs: [],
    });
  });
}

export const listRuns = (store: StorePort, { track_id: trackId }: TrackTarget = {}): Promise<Run[]> =>
  store.read(async (reader) => {
    const id = await resolveTrackId(reader, trackId);
    const runs = await Promise.all((await reader.listRuns(id)).map((runId) => reader.findRun(id, runId)));
    return runs.filter((r): r is Run => r !== null);
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
export const trackStatus = (
  store: StorePort,
  { track_id: trackId, face }: TrackTarget & { face?: Face | undefined } = {},
): Promise<TrackStatusView | IdleStatusView> =>
  store.read(async (reader): Promise<TrackStatusView | IdleStatusView> => {
    const id = await targetTrackId(reader, trackId);
    if (id === null) return { ...(await buildIdlePrimer(reader, face)), last_run: null };
    const track = await reader.getTrack(id);
    const last = (await reader.listRuns(track.track_id)).at(-1);
    return { track, last_run: last ? await reader.findRun(track.track_id, last) : null };
  });
