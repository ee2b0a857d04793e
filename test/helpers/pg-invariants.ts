/**
 * The database store's invariants, read from the database itself (an admin connection, not the
 * store), and the marks operations leave in tracks: what the concurrency and nemesis tests check.
 */
import { validateDocument } from '../../src/core/json.js';
import { summarize } from '../../src/core/registry-index.js';
import { type Track, trackSchema } from '../../src/core/schema.js';
import { verifyCheckpoints } from '../../src/features/checkpoints/checkpoints.js';
import type { StorePort } from '../../src/store/port.js';
import { adminQuery } from './postgres.js';

interface TrackRow {
  track_id: string;
  body: string;
  doc: unknown;
  summary: string;
  status: string;
  type: string;
  priority: string;
  lane: string;
  parent_track_id: string | null;
  closed: boolean;
}

/**
 * Every problem found: more than one active track in a lane, an active track its lane's pointer
 * does not name, a pointer that names no track active in that lane, a document that does not
 * parse or validate (or disagrees with its indexed columns or summary), a gap in the commit log.
 */
export async function databaseProblems(url: string, project: string): Promise<string[]> {
  const problems: string[] = [];
  const q = <R extends Record<string, unknown>>(sql: string) => adminQuery<R>(url, sql, [project]);
  for (const r of await q<{ lane: string; ids: string[] }>(
    "SELECT lane, array_agg(track_id) AS ids FROM track_tracks WHERE project = $1 AND status = 'active' GROUP BY lane HAVING count(*) > 1",
  ))
    problems.push(`lane ${r.lane} has more than one active track: ${r.ids.join(', ')}`);
  for (const r of await q<{ track_id: string; lane: string }>(
    `SELECT t.track_id, t.lane FROM track_tracks t LEFT JOIN track_lanes l ON l.project = t.project AND l.lane = t.lane AND l.active_track_id = t.track_id
     WHERE t.project = $1 AND t.status = 'active' AND l.lane IS NULL`,
  ))
    problems.push(`${r.track_id} is active in lane ${r.lane}, whose pointer does not name it`);
  for (const r of await q<{ lane: string; active_track_id: string; status: string | null; track_lane: string | null }>(
    `SELECT l.lane, l.active_track_id, t.status, t.lane AS track_lane FROM track_lanes l
     LEFT JOIN track_tracks t ON t.project = l.project AND t.track_id = l.active_track_id
     WHERE l.project = $1 AND l.active_track_id IS NOT NULL AND (t.track_id IS NULL OR t.status <> 'active' OR t.lane <> l.lane)`,
  ))
    problems.push(`lane ${r.lane} points at ${r.active_track_id}, which is ${r.status ?? 'missing'} in lane ${r.track_lane ?? '-'}`);
  for (const r of await q<{ active_track_id: string }>(
    'SELECT active_track_id FROM track_lanes WHERE project = $1 AND active_track_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1',
  ))
    problems.push(`${r.active_track_id} is named by more than one lane`);
  for (const row of await q<TrackRow & Record<string, unknown>>(
    'SELECT track_id, body, doc, summary, status, type, priority, lane, parent_track_id, closed FROM track_tracks WHERE project = $1',
  ))
    problems.push(...documentProblems(row));
  const [project_] = await q<{ generation: string }>('SELECT generation FROM track_projects WHERE project = $1');
  const [commits] = await q<{ n: string; low: string | null; high: string | null }>(
    'SELECT count(*) AS n, min(generation) AS low, max(generation) AS high FROM track_commits WHERE project = $1',
  );
  const generation = Number(project_?.generation ?? -1);
  if (Number(commits?.n) !== generation || Number(commits?.high ?? 0) !== generation || (generation > 0 && Number(commits?.low) !== 1))
    problems.push(`the commit log (${commits?.n} commits, ${commits?.low}..${commits?.high}) disagrees with generation ${generation}`);
  for (const r of await q<{ track_id: string; name: string; text: string }>(
    "SELECT track_id, name, text FROM track_context WHERE project = $1 AND name LIKE '%.json'",
  )) {
    try {
      JSON.parse(r.text);
    } catch {
      problems.push(`context ${r.track_id}/${r.name} does not parse`);
    }
  }
  return problems;
}

function documentProblems(row: TrackRow): string[] {
  let track: Track;
  try {
    track = validateDocument(JSON.parse(row.body), trackSchema, row.track_id);
  } catch (error) {
    return [`${row.track_id}: its document does not parse or validate: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (row.doc === null) problems.push(`${row.track_id}: no jsonb document`);
  const expected = {
    track_id: track.track_id,
    status: track.status,
    type: track.type,
    priority: track.priority,
    lane: track.lane ?? 'default',
    parent_track_id: track.parent_track_id ?? null,
  };
  const actual = { track_id: row.track_id, status: row.status, type: row.type, priority: row.priority, lane: row.lane, parent_track_id: row.parent_track_id };
  if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${row.track_id}: columns ${JSON.stringify(actual)} disagree with its document`);
  if (row.summary !== JSON.stringify(summarize(track))) problems.push(`${row.track_id}: its summary disagrees with its document`);
  if (track.status_history.at(-1)?.to !== track.status)
    problems.push(`${row.track_id}: its history ends in ${track.status_history.at(-1)?.to}, not ${track.status}`);
  return problems;
}

/** Checkpoints of every track that fail verification (bytes, checksum, referenced objects). */
export async function badCheckpoints(store: StorePort, trackIds: readonly string[]): Promise<string[]> {
  const bad: string[] = [];
  for (const id of trackIds) {
    const { results } = await verifyCheckpoints(store, { track_id: id, all: true }).catch(() => ({ results: [] }));
    for (const r of results) if (!r.ok) bad.push(`${id}/${r.checkpoint_id}: ${r.problem}`);
  }
  return bad;
}

/** What operations left in the tracks, each mark with how many times it is there. */
export interface Marks {
  trackIds: Set<string>;
  /** `<to>|<reason>` of every status change (a take-over's reason ends in the one given). */
  moves: Map<string, number>;
  steps: Map<string, number>;
  /** Notes of completed steps. */
  completions: Map<string, number>;
  decisions: Map<string, number>;
  /** `<track>|<reason>` of every checkpoint. */
  checkpoints: Map<string, number>;
}

const count = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** Reads every track of the project through the store and collects its marks. */
export async function marksOf(store: StorePort): Promise<Marks> {
  const marks: Marks = { trackIds: new Set(), moves: new Map(), steps: new Map(), completions: new Map(), decisions: new Map(), checkpoints: new Map() };
  await store.read(async (reader) => {
    const ids = [...Object.keys((await reader.openTracks()).tracks), ...Object.keys((await reader.closedTracks()).tracks)];
    for (const id of ids) {
      marks.trackIds.add(id);
      const t = await reader.getTrack(id);
      for (const h of t.status_history) if (h.reason) count(marks.moves, `${h.to}|${h.reason.split(': ').at(-1)}`);
      for (const s of t.steps) {
        count(marks.steps, s.name);
        if (s.status === 'completed' && s.notes) count(marks.completions, s.notes);
      }
      const decisions = await reader.readContext(id, 'decisions.json');
      if (decisions) for (const d of (JSON.parse(decisions) as { items: { title: string }[] }).items) count(marks.decisions, d.title);
      for (const cp of await reader.listCheckpoints(id)) {
        const reason = (await reader.readCheckpoint(id, cp))?.reason;
        if (reason) count(marks.checkpoints, `${id}|${reason}`);
      }
    }
  });
  return marks;
}

/** The unique tag a client gives each operation: `<client>-<n>-<op>` (see pg-worker.mjs). */
const TAG = /-\d+-[a-z-]+$/;

/** Tagged marks found more than once: an operation applied twice. */
export function doubled(marks: Marks): string[] {
  const out: string[] = [];
  for (const [kind, map] of Object.entries(marks) as [string, unknown][]) {
    if (!(map instanceof Map)) continue;
    for (const [key, n] of map as Map<string, number>) if (n > 1 && TAG.test(key)) out.push(`${kind} ${key} ×${n}`);
  }
  return out;
}
