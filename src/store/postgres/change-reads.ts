/** What a watch of a database store reads after an announcement: the commits it names, taken as one change. */
import type { ClientBase } from 'pg';
import type { TrackSummary } from '../../core/schema.js';
import type { ChangedTrack, StoreChange } from '../changes.js';

/** The most tracks one change lists (a catch-up after a long disconnection may span many commits). */
export const MAX_CHANGED_TRACKS = 1_000;

/**
 * The project's commits with a generation above `after` (and at most `upTo`) as one change: the
 * last one's generation, time and lane, and every track they changed with its summary now. Null
 * when there are none. `client` is in a snapshot (PgStore.changesAfter).
 */
export async function commitsAfter(client: ClientBase, project: string, after: number, upTo = Number.MAX_SAFE_INTEGER): Promise<StoreChange | null> {
  const range = [project, after, upTo];
  const last = await client.query<{ generation: string; at: string; lane: string }>(
    'SELECT generation, at, lane FROM track_commits WHERE project = $1 AND generation > $2 AND generation <= $3 ORDER BY generation DESC LIMIT 1',
    range,
  );
  const head = last.rows[0];
  if (!head) return null;
  const ids = await client.query<{ track_id: string }>(
    `SELECT DISTINCT changed.track_id FROM track_commits, unnest(tracks) AS changed(track_id)
     WHERE project = $1 AND generation > $2 AND generation <= $3 ORDER BY 1 LIMIT ${MAX_CHANGED_TRACKS}`,
    range,
  );
  const trackIds = ids.rows.map((r) => r.track_id);
  const found = await client.query<{ track_id: string; summary: string }>(
    'SELECT track_id, summary FROM track_tracks WHERE project = $1 AND track_id = ANY($2::text[])',
    [project, trackIds],
  );
  const summaries = new Map(found.rows.map((r) => [r.track_id, JSON.parse(r.summary) as TrackSummary]));
  const tracks: ChangedTrack[] = trackIds.map((id) => summaries.get(id) ?? { track_id: id });
  return { generation: Number(head.generation), at: head.at, lane: head.lane, tracks };
}
