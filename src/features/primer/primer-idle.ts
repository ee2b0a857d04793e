/** The primer when no track is active: the paused tracks a session may pick up, and how to resume one. */

import { type Face, say } from '../../core/face-commands.js';
import type { StoreReader } from '../../store/port.js';
import { type PausedTrack, pausedTracks } from '../tracks/paused.js';

export interface IdlePrimer {
  /** No track is active. */
  track: null;
  /** The most recently paused tracks, newest first (bounded; `paused_total` counts them all). */
  paused_tracks: PausedTrack[];
  paused_total: number;
  next_action: string;
}

export async function buildIdlePrimer(reader: StoreReader, face: Face = 'cli'): Promise<IdlePrimer> {
  const { tracks, total } = await pausedTracks(reader);
  const [first] = tracks;
  let next: string;
  if (!first) next = `no track is paused either: ${say(face, 'list')} to see every track, then ${say(face, 'activate', { track_id: '<id>' })}`;
  else if (total === 1) next = `resume it: ${say(face, 'resume', { track_id: first.track_id })}`;
  else next = `resume one of them, e.g. the most recent: ${say(face, 'resume', { track_id: first.track_id })}`;
  return { track: null, paused_tracks: tracks, paused_total: total, next_action: next };
}

const ONE_LINE = (s: string, max: number) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One line per paused track: id, name, priority, progress, when it was paused, its goal. */
export function pausedLine(t: PausedTrack): string {
  const p = t.progress;
  const step = t.current_step_id ? `, at ${t.current_step_id}` : '';
  const lane = t.lane ? ` in lane ${t.lane}` : '';
  return `${t.track_id} — ${ONE_LINE(t.name, 80)} (${t.priority}, ${p.completed_steps}/${p.total_steps} steps${step}, paused ${t.paused_at}${lane}): ${ONE_LINE(t.goal, 160)}`;
}

export function idleMarkdown(p: IdlePrimer, face: Face = 'cli'): string {
  const out = ['# No track is active'];
  if (p.paused_tracks.length) {
    out.push('', `## Paused tracks (${p.paused_total}, most recent first)`, ...p.paused_tracks.map((t) => `- ${pausedLine(t)}`));
    const more = p.paused_total - p.paused_tracks.length;
    if (more > 0) out.push(`- … and ${more} more: ${say(face, 'list', { status: ['paused'] })}`);
  }
  out.push('', '## Next action', p.next_action);
  return `${out.join('\n')}\n`;
}
