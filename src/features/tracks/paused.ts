/** Paused tracks, most recent first: what a session with no active track is told about, and what `resume` without an id picks. */
import { TrackError, ValidationError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { validateTrackId } from '../../core/ids.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import type { StoreReader } from '../../store/port.js';
import { mistypedLane } from '../lanes/lane-typo.js';
import { boundTrack } from './bound-track.js';
import { pausedSummaries } from './paused-index.js';

/** At most this many paused tracks are named; the rest are counted. */
export const PAUSED_SHOWN = 5;

export interface PausedTrack {
  track_id: string;
  name: string;
  priority: string;
  goal: string;
  progress: { completed_steps: number; total_steps: number };
  current_step_id: string | null;
  /** When it was paused (the last move to paused in its history). */
  paused_at: string;
  /** The lane that paused it, when not the default one. */
  lane?: string;
}

/** The most recent paused tracks (at most `limit`, each read from its track file) and how many there are. */
export async function pausedTracks(reader: StoreReader, limit = PAUSED_SHOWN): Promise<{ tracks: PausedTrack[]; total: number }> {
  const all = await pausedSummaries(reader);
  const tracks: PausedTrack[] = [];
  for (const s of all.slice(0, limit)) {
    const t = await reader.getTrack(s.track_id);
    const pausedAt = [...t.status_history].reverse().find((h) => h.to === 'paused')?.at ?? s.updated_at;
    tracks.push({
      track_id: t.track_id,
      name: t.name,
      priority: t.priority,
      goal: t.context.goal,
      progress: { completed_steps: t.progress.completed_steps, total_steps: t.progress.total_steps },
      current_step_id: t.progress.current_step_id,
      paused_at: pausedAt,
      ...(t.lane ? { lane: t.lane } : {}),
    });
  }
  return { tracks, total: all.length };
}

/**
 * The track `resume` acts on: the id given (or bound by `executeWithinTrack`), else the only paused
 * track. Refuses when none or several are paused, naming the candidates and the command to run.
 */
export async function resumeTargetId(reader: StoreReader, explicit?: string | undefined): Promise<string> {
  if (explicit !== undefined) return validateTrackId(explicit);
  const bound = boundTrack.getStore();
  if (bound) return bound;
  const everywhere = await pausedSummaries(reader);
  // A lane resumes its own paused tracks without an id; another lane's only by id.
  const paused = everywhere.filter((s) => (s.lane ?? DEFAULT_LANE) === reader.lane.id);
  const [only] = paused;
  if (paused.length === 1 && only) return only.track_id;
  const [elsewhere] = everywhere;
  if (paused.length === 0) {
    const typo = await mistypedLane(reader);
    if (typo) throw typo;
  }
  if (paused.length === 0 && elsewhere) {
    const named = everywhere.slice(0, PAUSED_SHOWN).map((s) => `${s.track_id} (lane ${s.lane ?? DEFAULT_LANE})`);
    throw new TrackError(
      'NOT_FOUND',
      `no track is paused in lane ${reader.lane.id}; paused in other lanes: ${named.join(', ')}${everywhere.length > PAUSED_SHOWN ? ' …' : ''}`,
      hint`resume one of them here by id: ${cmd('resume', { track_id: elsewhere.track_id })}`,
      { candidates: everywhere.map((s) => s.track_id) },
    );
  }
  if (paused.length === 0) {
    const active = (await reader.head()).active_track_id;
    throw new TrackError(
      'NOT_FOUND',
      `no track is paused${active ? ` (${active} is active)` : ''}; nothing to resume`,
      hint`${cmd('list')} shows every track; ${cmd('activate', { track_id: '<id>' })} starts one`,
    );
  }
  const named = paused.slice(0, PAUSED_SHOWN).map((s) => `${s.track_id} (${s.name})`);
  const more = paused.length > PAUSED_SHOWN ? ` and ${paused.length - PAUSED_SHOWN} more ('track list --status paused')` : '';
  throw new ValidationError(
    `${paused.length} tracks are paused: ${named.join(', ')}${more}; say which one to resume`,
    hint`${cmd('resume', { track_id: paused[0]?.track_id })}`,
    {
      candidates: paused.map((s) => s.track_id),
    },
  );
}
