import type { Indexes, Registry, RegistrySegment, Track, TrackSummary } from './schema.js';

export function summarize(track: Track): TrackSummary {
  return {
    track_id: track.track_id,
    name: track.name,
    type: track.type,
    priority: track.priority,
    status: track.status,
    ...(track.parent_track_id ? { parent_track_id: track.parent_track_id } : {}),
    ...(track.lane ? { lane: track.lane } : {}),
    ...(track.clone ? { clone: track.clone } : {}),
    ...(track.context.blocks.length ? { blocks: [...track.context.blocks] } : {}),
    created_at: track.created_at,
    updated_at: track.updated_at,
  };
}

export function emptyIndexes(): Indexes {
  return { by_type: Object.create(null), by_status: Object.create(null), by_priority: Object.create(null) };
}

const INDEX_FIELDS = [
  ['by_type', 'type'],
  ['by_status', 'status'],
  ['by_priority', 'priority'],
] as const;

export function indexAdd(indexes: Indexes, s: TrackSummary): void {
  for (const [index, field] of INDEX_FIELDS) {
    const bucket = indexes[index][s[field]] ?? [];
    if (!bucket.includes(s.track_id)) bucket.push(s.track_id);
    indexes[index][s[field]] = bucket;
  }
}

export function indexRemove(indexes: Indexes, s: TrackSummary): void {
  for (const [index, field] of INDEX_FIELDS) {
    const bucket = indexes[index][s[field]];
    if (!bucket) continue;
    const kept = bucket.filter((id) => id !== s.track_id);
    if (kept.length) indexes[index][s[field]] = kept;
    else delete indexes[index][s[field]];
  }
}

export function buildIndexes(summaries: Iterable<TrackSummary>): Indexes {
  const indexes = emptyIndexes();
  for (const s of summaries) indexAdd(indexes, s);
  return indexes;
}

export function emptySegment(segment: 'open' | 'closed', at: string): RegistrySegment {
  return { format: 'track-registry/1', segment, generation: 0, updated_at: at, tracks: Object.create(null), indexes: emptyIndexes() };
}

export function emptyRegistry(at: string): Registry {
  return {
    ...emptySegment('open', at),
    active_track_id: null,
    next_sequence: 1,
    closed_segment: { file: 'track-registry.closed.json', count: 0 },
  };
}

/** Puts a summary into a segment (replacing an older one), keeping its indexes exact. */
export function segmentPut(segment: RegistrySegment, s: TrackSummary): void {
  const old = segment.tracks[s.track_id];
  if (old) indexRemove(segment.indexes, old);
  segment.tracks[s.track_id] = s;
  indexAdd(segment.indexes, s);
}

export function segmentDelete(segment: RegistrySegment, trackId: string): void {
  const old = segment.tracks[trackId];
  if (!old) return;
  indexRemove(segment.indexes, old);
  delete segment.tracks[trackId];
}
