/** What a watch of a store (features/watch) reports: the shape is the same whichever store it watches. */
import type { TrackSummary } from '../core/schema.js';

/** A changed track: its summary as it is now, or only its id when it is gone. */
export type ChangedTrack = TrackSummary | { track_id: string };

/** One committed change (or several close together, taken as one) of the store. */
export interface StoreChange {
  /** The store's generation after it: every commit bumps it by one. */
  generation: number;
  /** When it was committed (the last commit's time when it stands for several). */
  at: string;
  /** The lane that committed it (the last commit's, when several). */
  lane: string;
  /** The tracks it changed, by id. */
  tracks: ChangedTrack[];
  /** Present after the watch lost its connection to the database: the change stands for every commit it missed meanwhile. */
  catch_up?: true;
}
