import { validateTrackId } from '../../core/ids.js';
import type { Track } from '../../core/schema.js';
import { boundTrack } from './bound-track.js';

/**
 * Runs `fn` with `track` bound to its async context: library calls inside that take no explicit
 * track id (decide, addArtifact, createCheckpoint, …) act on it, even if another track becomes
 * active meanwhile.
 */
export function executeWithinTrack<T>(track: Track | string, fn: () => T | Promise<T>): Promise<T> {
  const id = validateTrackId(typeof track === 'string' ? track : track?.track_id);
  return Promise.resolve(boundTrack.run(id, fn));
}
