/** The paused tracks as the open registry's status index lists them: no track file is read. */

import { compareCodePoints } from '../../core/compare.js';
import type { TrackSummary } from '../../core/schema.js';
import type { StoreReader } from '../../store/port.js';

/** Every paused track's summary, most recently updated first. */
export async function pausedSummaries(reader: StoreReader): Promise<TrackSummary[]> {
  const registry = await reader.openTracks();
  return (registry.indexes.by_status.paused ?? [])
    .map((id) => registry.tracks[id])
    .filter((s): s is TrackSummary => s !== undefined && s.status === 'paused')
    .sort((a, b) => compareCodePoints(b.updated_at, a.updated_at) || compareCodePoints(a.track_id, b.track_id));
}
