/** Analytics derived from status histories and run records. Pure: the caller reads the files. */
import * as z from 'zod/mini';
import { stepSchema, trackSchema } from '../../core/schema.js';
import { PRIORITIES, TRACK_TYPES } from '../../core/vocab.js';

/**
 * The part of a track that stats read: picked from the track schema, so a 10,000-track report
 * validates what it uses without paying for plans' actions and contexts.
 */
export const statsTrackSchema = z.extend(
  z.pick(trackSchema, { track_id: true, name: true, type: true, priority: true, status: true, status_history: true, created_at: true, updated_at: true }),
  {
    steps: z.array(z.pick(stepSchema, { step_id: true, status: true, attempts: true })),
  },
);
export type StatsTrack = z.infer<typeof statsTrackSchema>;
type Track = StatsTrack;

/** The fields of a `workflows/run-NNN/run.json` that stats use; anything else in the file is ignored. */
export interface RunFacts {
  track_id: string;
  step_id: string | undefined;
  status: string | undefined;
  attempts: number;
}

export interface TrackTimes {
  track_id: string;
  name: string;
  type: string;
  priority: string;
  status: string;
  active_ms: number;
  paused_ms: number;
  /** Creation to completion (or failure/cancellation); null while open. */
  lead_time_ms: number | null;
}

export interface GroupRates {
  key: string;
  tracks: number;
  completed: number;
  failed: number;
  cancelled: number;
  open: number;
  /** Shares of the tracks that finished (completed + failed + cancelled); null when none did. */
  completion_rate: number | null;
  failure_rate: number | null;
  mean_lead_time_ms: number | null;
}

export interface StepHotSpot {
  step_id: string;
  failures: number;
  retries: number;
  tracks: number;
}

export interface StatsReport {
  generated_at: string;
  since: string | null;
  tracks: number;
  history_entries: number;
  runs: number;
  totals: { active_ms: number; paused_ms: number; completed: number; failed: number; cancelled: number; open: number; retries: number };
  by_type: GroupRates[];
  by_priority: GroupRates[];
  hot_spots: StepHotSpot[];
  per_track: TrackTimes[];
}

type Outcome = 'completed' | 'failed' | 'cancelled' | 'open';

/** How a track ended; an archived track keeps the outcome it had before archiving. */
function outcomeOf(track: Track): Outcome {
  let outcome: Outcome = 'open';
  for (const h of track.status_history) {
    if (h.to === 'completed' || h.to === 'failed' || h.to === 'cancelled') outcome = h.to;
    else if (h.to !== 'archived') outcome = 'open';
  }
  return outcome;
}

/** Time spent in each status (clipped to [since, now]) and the lead time. */
export function trackTimes(track: Track, now: number, since: number): TrackTimes {
  let active = 0;
  let paused = 0;
  let finishedAt: number | null = null;
  const history = track.status_history;
  for (let i = 0; i < history.length; i++) {
    const entry = history[i] as Track['status_history'][number];
    const start = Math.max(Date.parse(entry.at), since);
    const next = history[i + 1];
    const end = Math.min(next ? Date.parse(next.at) : now, now);
    const span = Math.max(0, end - start);
    if (entry.to === 'active') active += span;
    else if (entry.to === 'paused') paused += span;
    if (entry.to === 'completed' || entry.to === 'failed' || entry.to === 'cancelled') finishedAt = Date.parse(entry.at);
    else if (entry.to !== 'archived') finishedAt = null;
  }
  return {
    track_id: track.track_id,
    name: track.name,
    type: track.type,
    priority: track.priority,
    status: track.status,
    active_ms: active,
    paused_ms: paused,
    lead_time_ms: finishedAt === null ? null : Math.max(0, finishedAt - Date.parse(track.created_at)),
  };
}

function rates(key: string, group: Array<{ outcome: Outcome; lead: number | null }>): GroupRates {
  const count = (o: Outcome) => group.filter((g) => g.outcome === o).length;
  const completed = count('completed');
  const failed = count('failed');
  const cancelled = count('cancelled');
  const finished = completed + failed + cancelled;
  const leads = group.flatMap((g) => (g.outcome === 'completed' && g.lead !== null ? [g.lead] : []));
  return {
    key,
    tracks: group.length,
    completed,
    failed,
    cancelled,
    open: count('open'),
    completion_rate: finished ? completed / finished : null,
    failure_rate: finished ? failed / finished : null,
    mean_lead_time_ms: leads.length ? leads.reduce((a, b) => a + b, 0) / leads.length : null,
  };
}

/** Failures and retries per step id, from the runs and from the steps' own counters. */
function hotSpots(tracks: readonly Track[], runs: readonly RunFacts[]): StepHotSpot[] {
  const spots = new Map<string, { failures: number; retries: number; tracks: Set<string> }>();
  const spot = (stepId: string) => {
    const found = spots.get(stepId);
    if (found) return found;
    const fresh = { failures: 0, retries: 0, tracks: new Set<string>() };
    spots.set(stepId, fresh);
    return fresh;
  };
  const stepsWithRuns = new Set(runs.filter((r) => r.step_id).map((r) => `${r.track_id}/${r.step_id}`));
  for (const run of runs) {
    if (!run.step_id) continue;
    const s = spot(run.step_id);
    if (run.status === 'failed' || run.status === 'timed-out') s.failures += 1;
    s.retries += Math.max(0, run.attempts - 1);
    s.tracks.add(run.track_id);
  }
  for (const track of tracks) {
    for (const step of track.steps) {
      if (stepsWithRuns.has(`${track.track_id}/${step.step_id}`)) continue;
      const retries = Math.max(0, (step.attempts ?? 0) - 1);
      if (step.status !== 'failed' && retries === 0) continue;
      const s = spot(step.step_id);
      if (step.status === 'failed') s.failures += 1;
      s.retries += retries;
      s.tracks.add(track.track_id);
    }
  }
  return [...spots]
    .map(([step_id, s]) => ({ step_id, failures: s.failures, retries: s.retries, tracks: s.tracks.size }))
    .filter((s) => s.failures + s.retries > 0)
    .sort((a, b) => b.failures - a.failures || b.retries - a.retries || a.step_id.localeCompare(b.step_id));
}

export function computeStats(tracks: readonly Track[], runs: readonly RunFacts[], options: { now: Date; since?: Date | undefined }): StatsReport {
  const now = options.now.getTime();
  const since = options.since ? options.since.getTime() : Number.NEGATIVE_INFINITY;
  const chosen = tracks.filter((t) => !options.since || t.status_history.some((h) => Date.parse(h.at) >= since) || Date.parse(t.updated_at) >= since);
  const chosenIds = new Set(chosen.map((t) => t.track_id));
  const chosenRuns = runs.filter((r) => chosenIds.has(r.track_id));
  const rows = chosen.map((t) => ({ track: t, times: trackTimes(t, now, since), outcome: outcomeOf(t) }));
  const group = (keys: readonly string[], keyOf: (t: Track) => string) =>
    keys
      .map((key) =>
        rates(
          key,
          rows.filter((r) => keyOf(r.track) === key).map((r) => ({ outcome: r.outcome, lead: r.times.lead_time_ms })),
        ),
      )
      .filter((g) => g.tracks > 0);
  const hot = hotSpots(chosen, chosenRuns);
  const stepRetries = hot.reduce((a, s) => a + s.retries, 0);
  const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
  return {
    generated_at: options.now.toISOString(),
    since: options.since ? options.since.toISOString() : null,
    tracks: chosen.length,
    history_entries: chosen.reduce((a, t) => a + t.status_history.length, 0),
    runs: chosenRuns.length,
    totals: {
      active_ms: rows.reduce((a, r) => a + r.times.active_ms, 0),
      paused_ms: rows.reduce((a, r) => a + r.times.paused_ms, 0),
      completed: count('completed'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      open: count('open'),
      retries: stepRetries,
    },
    by_type: group(TRACK_TYPES, (t) => t.type),
    by_priority: group(PRIORITIES, (t) => t.priority),
    hot_spots: hot.slice(0, 20),
    per_track: rows.map((r) => r.times).sort((a, b) => b.active_ms - a.active_ms || a.track_id.localeCompare(b.track_id)),
  };
}
