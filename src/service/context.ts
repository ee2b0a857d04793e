import { AsyncLocalStorage } from 'node:async_hooks';
import { NoActiveTrackError } from '../domain/errors.js';
import { validateTrackId } from '../domain/ids.js';
import type { DocumentReader } from '../store/documents.js';

/** The track bound by `executeWithinTrack`; library calls inside default to it. */
export const boundTrack = new AsyncLocalStorage<string>();

/** An explicit id wins, then the track bound to this async context, then the active track. */
export function resolveTrackId(reader: DocumentReader, explicit?: string | undefined): string {
  if (explicit !== undefined) return validateTrackId(explicit);
  const bound = boundTrack.getStore();
  if (bound) return bound;
  const active = reader.head().active_track_id;
  if (!active) throw new NoActiveTrackError();
  return active;
}
