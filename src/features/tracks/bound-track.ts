import { AsyncLocalStorage } from 'node:async_hooks';
import { NoActiveTrackError } from '../../core/errors.js';
import { validateTrackId } from '../../core/ids.js';
import type { DocumentReader } from '../../store/file/documents.js';
import { pausedSummaries } from './paused-index.js';

/** The track bound by `executeWithinTrack`; library calls inside default to it. */
export const boundTrack = new AsyncLocalStorage<string>();

/** An explicit id wins, then the track bound to this async context, then the active track; null if none. */
export function targetTrackId(reader: DocumentReader, explicit?: string | undefined): string | null {
  if (explicit !== undefined) return validateTrackId(explicit);
  return boundTrack.getStore() ?? reader.head().active_track_id;
}

/** What the operation acts on, so that a refusal offers passing an id only where that works. */
export interface ResolveOptions {
  /** Only on the active track (`next`, `pause`, `complete`): with none active, no id helps. */
  needsActive?: boolean;
  /** On a paused track given by id (reads and notes do; `ready` and `archive` do not). Default: unless `needsActive`. */
  acceptsPaused?: boolean;
}

/** As `targetTrackId`, refusing when there is no track to act on. */
export function resolveTrackId(reader: DocumentReader, explicit?: string | undefined, options: ResolveOptions = {}): string {
  const id = targetTrackId(reader, explicit);
  if (!id) throw noActiveTrack(reader, options);
  return id;
}

/** How many paused tracks the error names. */
const PAUSED_NAMED = 3;

/** The error for "nothing to act on", naming the paused tracks (from the registry index already read) so the user resumes one. */
function noActiveTrack(reader: DocumentReader, options: ResolveOptions): NoActiveTrackError {
  let paused: ReturnType<typeof pausedSummaries> = [];
  try {
    paused = pausedSummaries(reader);
  } catch {
    // An unreadable registry must not hide the plain answer; 'track doctor' reports it.
  }
  const byId = paused.length ? (options.acceptsPaused ?? !options.needsActive) : !options.needsActive;
  return new NoActiveTrackError(paused.slice(0, PAUSED_NAMED), paused.length, byId);
}
