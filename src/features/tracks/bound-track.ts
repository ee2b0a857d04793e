import { AsyncLocalStorage } from 'node:async_hooks';
import { NoActiveTrackError, type TrackError } from '../../core/errors.js';
import { validateTrackId } from '../../core/ids.js';
import type { Track, TrackSummary } from '../../core/schema.js';
import type { StoreReader } from '../../store/port.js';
import { mistypedLane } from '../lanes/lane-typo.js';
import { pausedSummaries } from './paused-index.js';

/** The track bound by `executeWithinTrack`; library calls inside default to it. */
export const boundTrack = new AsyncLocalStorage<string>();

/** An explicit id wins, then the track bound to this async context, then the active track; null if none. */
export async function targetTrackId(reader: StoreReader, explicit?: string | undefined): Promise<string | null> {
  if (explicit !== undefined) return validateTrackId(explicit);
  return boundTrack.getStore() ?? (await reader.head()).active_track_id;
}

/** What the operation acts on, so that a refusal offers passing an id only where that works. */
export interface ResolveOptions {
  /** Only on the active track (`next`, `pause`, `complete`): with none active, no id helps. */
  needsActive?: boolean;
  /** On a paused track given by id (reads and notes do; `ready` and `archive` do not). Default: unless `needsActive`. */
  acceptsPaused?: boolean;
}

/** As `targetTrackId`, refusing when there is no track to act on. */
export async function resolveTrackId(reader: StoreReader, explicit?: string | undefined, options: ResolveOptions = {}): Promise<string> {
  const id = await targetTrackId(reader, explicit);
  if (!id) throw await noActiveTrack(reader, options);
  return id;
}

/** The track an operation acts on (see `resolveTrackId`), read. */
export async function resolveTrack(reader: StoreReader, explicit?: string | undefined, options: ResolveOptions = {}): Promise<Track> {
  return reader.getTrack(await resolveTrackId(reader, explicit, options));
}

/** How many paused tracks the error names. */
const PAUSED_NAMED = 3;

/** The error for "nothing to act on", naming the paused tracks (from the registry index already read) so the user resumes one. */
async function noActiveTrack(reader: StoreReader, options: ResolveOptions): Promise<TrackError> {
  const typo = await mistypedLane(reader);
  if (typo) return typo;
  let paused: TrackSummary[] = [];
  try {
    paused = await pausedSummaries(reader);
  } catch {
    // An unreadable registry must not hide the plain answer; 'track doctor' reports it.
  }
  const byId = paused.length ? (options.acceptsPaused ?? !options.needsActive) : !options.needsActive;
  return new NoActiveTrackError(paused.slice(0, PAUSED_NAMED), paused.length, byId);
}
