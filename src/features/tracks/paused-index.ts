/** The paused tracks as the open registry's status index lists them: no track file is read. */
import type { TrackSummary } from '../../core/schema.js';
import type { StoreReader } from '../../store/port.js';

/** Every paused track's summary, most recently updated first. */
export async function pausedSummaries(reader: StoreReader): Promise<TrackSummary[]> {
  const registry = await reader.openTracks();
  return (registry.indexes.by_status.paused ?? [])
    .map((id) => registry.tracks[id])
    .filter((s): s is TrackSummary => s !== undefined && s.status === 'paused')
    .sort((a, b) => b.updated_at.localeCompare(a.updated_at) || a.track_id.localeCompare(b.track_id));
}
