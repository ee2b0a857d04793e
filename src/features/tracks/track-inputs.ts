/** What the track use cases take: one input object each, named as the schema names its fields. */
import type { TrackStatus } from '../../core/vocab.js';

/** The track acted on; the track bound to this async context, else the active track, when omitted. */
export interface TrackTarget {
  track_id?: string | undefined;
}

/** A move along the lifecycle, with the reason recorded in the track's history. */
export interface MoveInput extends TrackTarget {
  reason?: string | undefined;
}

/**
 * `force` starts a track whose prerequisites are unfinished, recording the override in its history;
 * `take_over` takes a track active in another lane into this one, recording both lanes.
 */
export interface ActivateInput extends MoveInput {
  force?: boolean | undefined;
  take_over?: boolean | undefined;
}

/** `force` completes a track with unfinished steps, recording them in its history. */
export interface CompleteInput extends MoveInput {
  force?: boolean | undefined;
}

/** `cascade` cancels every open sub-track first (else open sub-tracks make cancel refuse). */
export interface CancelInput extends MoveInput {
  cascade?: boolean | undefined;
}

export interface SwitchInput {
  /** The track to activate; the active one is paused with a checkpoint. */
  to: string;
  reason?: string | undefined;
  force?: boolean | undefined;
  take_over?: boolean | undefined;
}

export interface StatusInput extends MoveInput {
  status: TrackStatus;
}

export interface UpdateInput extends TrackTarget {
  field: string;
  value: string;
  reason?: string | undefined;
}
