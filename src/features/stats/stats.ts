import { CorruptStoreError, TrackNotFoundError, ValidationError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { parseJsonText, validateDocument } from '../../core/json.js';
import { TRACK_TYPES, type TrackType } from '../../core/vocab.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { computeStats, type RunFacts, type StatsReport, type StatsTrack, statsTrackSchema } from './figures.js';

export interface StatsOptions {
  since?: string | undefined;
  types?: string[] | undefined;
  now?: Date | undefined;
}

/** Run records are defined by the plan runner; read only the fields stats need and skip what does not parse. */
async function runFacts(reader: StoreReader, trackId: string): Promise<RunFacts[]> {
  const out: RunFacts[] = [];
  for (const name of await reader.listRuns(trackId)) {
    let value: unknown;
    try {
      const text = await reader.readRunText(trackId, name);
      if (text === null) continue;
      value = parseJsonText(text, name);
    } catch {
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const run = value as Record<string, unknown>;
    out.push({
      track_id: trackId,
      step_id: typeof run.step_id === 'string' ? run.step_id : undefined,
      status: typeof run.status === 'string' ? run.status : undefined,
      attempts: Array.isArray(run.attempts) ? run.attempts.length : 1,
    });
  }
  return out;
}

async function readStatsTrack(reader: StoreReader, id: string): Promise<StatsTrack> {
  const file = `${id}/track.json`;
  const text = await reader.readTrackText(id);
  if (text === null) throw new TrackNotFoundError(id);
  const track = validateDocument(parseJsonText(text, file), statsTrackSchema, file);
  if (track.track_id !== id) throw new CorruptStoreError(file, `holds track '${track.track_id}', not '${id}'`);
  return track;
}

function parseSince(since: string | undefined, now: Date): Date | undefined {
  if (since === undefined) return undefined;
  const relative = /^(\d{1,5})([hdw])$/.exec(since);
  if (relative) {
    const hours = { h: 1, d: 24, w: 168 }[relative[2] as 'h' | 'd' | 'w'] * Number(relative[1]);
    return new Date(now.getTime() - hours * 3_600_000);
  }
  const date = new Date(since);
  if (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(date.getTime())) {
    throw new ValidationError(
      `invalid --since '${since.slice(0, 40)}': use a date (2026-01-31, ISO 8601) or an age like 12h, 30d, 4w`,
      hint`${cmd('stats', { since: '30d' })}`,
    );
  }
  return date;
}

/** Reads every track of the chosen types (open and closed segments) and its runs, then computes the report. */
export async function statsIn(reader: StoreReader, options: StatsOptions = {}): Promise<StatsReport> {
  const now = options.now ?? new Date();
  const since = parseSince(options.since, now);
  const types = options.types ?? [];
  for (const t of types) {
    if (!TRACK_TYPES.includes(t as TrackType))
      throw new ValidationError(`invalid --type '${t.slice(0, 40)}': must be one of ${TRACK_TYPES.join(', ')}`, hint`${cmd('stats', { type: ['feature'] })}`);
  }
  const ids: string[] = [];
  for (const segment of [await reader.openTracks(), await reader.closedTracks()]) {
    if (types.length) for (const t of types) ids.push(...(segment.indexes.by_type[t] ?? []));
    else ids.push(...Object.keys(segment.tracks));
  }
  const tracks: StatsTrack[] = [];
  const runs: RunFacts[] = [];
  for (const id of ids) {
    tracks.push(await readStatsTrack(reader, id));
    runs.push(...(await runFacts(reader, id)));
  }
  return computeStats(tracks, runs, { now, since });
}

export const trackStats = (store: StorePort, options: StatsOptions = {}): Promise<StatsReport> => store.read((reader) => statsIn(reader, options));
