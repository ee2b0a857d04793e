import { AsyncLocalStorage } from 'node:async_hooks';
import { NoActiveTrackError } from '../domain/errors.js';
import { validateTrackId } from '../domain/ids.js';
import type { DocumentReader } from '../store/documents.js';

/** The track bound by `executeWithinTrack`; library calls inside default to it. */
export const boundTrack = new AsyncLocalStorage<string>();

/** An explicit id wins, then the track bound to this async context, then the active track; null if none. */
export function targetTrackId(reader: DocumentReader, explicit?: string | undefined): string | null {
  if (explicit !== undefined) return validateTrackId(explicit);
  return boundTrack.getStore() ?? reader.head().active_track_id;
}

/** As `targetTrackId`, refusing when there is no track to act on. */
export function resolveTrackId(reader: DocumentReader, explicit?: string | undefined): string {
  const id = targetTrackId(reader, explicit);
  if (!id) throw new NoActiveTrackError();
  return id;
}
