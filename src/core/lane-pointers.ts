/**
 * The active pointers of a registry, one per lane: the default lane's is `active_track_id` (as in
 * every store written before lanes), every other lane's lives in `lanes`.
 */
import { DEFAULT_LANE, worktreeLaneId } from './lanes.js';
import type { Head, LaneRecord, Registry, Track } from './schema.js';

type Pointers = Pick<Registry, 'active_track_id' | 'lanes'>;

/** The lane's active track, or null. */
export function pointerOf(doc: Pointers, laneId: string): string | null {
  if (laneId === DEFAULT_LANE) return doc.active_track_id;
  return doc.lanes?.[laneId]?.active_track_id ?? null;
}

/** Every lane that has an active track, with it. */
export function activePointers(doc: Pointers): Map<string, string> {
  const pointers = new Map<string, string>();
  if (doc.active_track_id) pointers.set(DEFAULT_LANE, doc.active_track_id);
  for (const [lane, record] of Object.entries(doc.lanes ?? {})) if (record.active_track_id) pointers.set(lane, record.active_track_id);
  return pointers;
}

/** The lane whose pointer names the track, or null. */
export function laneHolding(doc: Pointers, trackId: string): string | null {
  for (const [lane, id] of activePointers(doc)) if (id === trackId) return lane;
  return null;
}

/** The lane's record, created for a lane not seen before. */
function recordOf(doc: Registry, laneId: string, at: string): LaneRecord {
  doc.lanes ??= {};
  doc.lanes[laneId] ??= { active_track_id: null, worktree: null, last_activity: at };
  return doc.lanes[laneId];
}

/** Points the lane at the track (or at none). */
export function setPointer(doc: Registry, laneId: string, trackId: string | null, at: string): void {
  if (laneId === DEFAULT_LANE) doc.active_track_id = trackId;
  else recordOf(doc, laneId, at).active_track_id = trackId;
}

/** Clears every pointer to the track but `keep`'s. */
export function clearPointersTo(doc: Registry, trackId: string, keep?: string): void {
  for (const [lane, id] of activePointers(doc)) if (id === trackId && lane !== keep) setPointer(doc, lane, null, '');
}

/**
 * Records that the lane acted now, from `worktree`. The default lane keeps no record. A worktree's
 * own lane stays with that worktree when another directory acts in it by name (`--lane`).
 */
export function touchLane(doc: Registry, laneId: string, worktree: string | null, at: string): void {
  if (laneId === DEFAULT_LANE) return;
  const record = recordOf(doc, laneId, at);
  record.last_activity = at;
  const ownWorktree = record.worktree !== null && worktreeLaneId(record.worktree) === laneId;
  if (worktree !== null && !ownWorktree) record.worktree = worktree;
}

/** Forgets a lane (its worktree is gone); its pointer must already be clear. */
export function forgetLane(doc: Registry, laneId: string): void {
  if (!doc.lanes?.[laneId]) return;
  delete doc.lanes[laneId];
  if (Object.keys(doc.lanes).length === 0) delete doc.lanes;
}

/** The head written beside the registry: the generation and every lane's pointer. */
export function headOf(doc: Registry): Head {
  return {
    format: 'track-head/1',
    generation: doc.generation,
    active_track_id: doc.active_track_id,
    ...(doc.lanes ? { lanes: doc.lanes } : {}),
    ...(doc.clone ? { clone: doc.clone } : {}),
    ...(doc.git_index ? { git_index: doc.git_index } : {}),
  };
}

/** The lane a track's document says holds it. */
export const laneOfTrack = (track: Pick<Track, 'lane'>): string => track.lane ?? DEFAULT_LANE;

/** Sets every lane's pointer to what `tracks` say, keeping each lane's record (worktree, last activity). */
export function setExpectedPointers(doc: Registry, tracks: readonly Holding[], previous: Pointers, at: string, cloneId?: string | null): void {
  const pointers = expectedPointers(tracks, previous, cloneId);
  doc.active_track_id = pointers.get(DEFAULT_LANE) ?? null;
  const lanes: Record<string, LaneRecord> = {};
  for (const [id, record] of Object.entries(previous.lanes ?? {})) lanes[id] = { ...record, active_track_id: pointers.get(id) ?? null };
  for (const [id, trackId] of pointers) if (id !== DEFAULT_LANE && !lanes[id]) lanes[id] = { active_track_id: trackId, worktree: null, last_activity: at };
  if (Object.keys(lanes).length) doc.lanes = lanes;
  else delete doc.lanes;
}

/** What a track's document (or its summary) says of who holds it. */
export type Holding = Pick<Track, 'track_id' | 'status' | 'lane' | 'clone'>;

/** True when another clone's lane holds the track (merged in through git): no pointer of this clone names it. */
export const heldByOtherClone = (track: Pick<Track, 'clone'>, cloneId: string | null | undefined): boolean =>
  Boolean(track.clone && cloneId && track.clone !== cloneId);

/**
 * What each lane's pointer must be, from the track documents alone: each active track this clone
 * holds, in its lane; where a lane has several, the previous pointer if it is one of them, else the
 * first id.
 */
export function expectedPointers(tracks: readonly Holding[], previous: Pointers | null, cloneId?: string | null): Map<string, string> {
  const byLane = new Map<string, string[]>();
  for (const t of tracks) {
    if (t.status !== 'active' || heldByOtherClone(t, cloneId)) continue;
    byLane.set(laneOfTrack(t), [...(byLane.get(laneOfTrack(t)) ?? []), t.track_id]);
  }
  const expected = new Map<string, string>();
  for (const [lane, ids] of byLane) {
    const before = previous ? pointerOf(previous, lane) : null;
    expected.set(lane, before && ids.includes(before) ? before : ([...ids].sort()[0] as string));
  }
  return expected;
}
