/** A lane named (--lane, TRACK_LANE) that this store has never seen, when it is close to one it has: most likely a typo. */
import { TrackError } from '../../core/errors.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import { closest, didYouMean } from '../../core/suggest.js';
import type { StoreReader } from '../../store/port.js';

/** The refusal for a command that found nothing to act on in a lane that is new here but close to a known one; null otherwise. */
export async function mistypedLane(reader: StoreReader): Promise<TrackError | null> {
  const { id } = reader.lane;
  if (id === DEFAULT_LANE) return null;
  const known = (await reader.lanes()).map((l) => l.lane);
  if (known.includes(id)) return null;
  const near = closest(id, known);
  if (near.length === 0) return null;
  return new TrackError(
    'NOT_FOUND',
    `no track is active in lane '${id}', a lane this store has never seen; ${didYouMean(near)}`,
    // Plain words: a command line here would carry the mistyped --lane along.
    "'track lanes' lists the lanes this store knows",
    { lane: id, suggestions: near },
  );
}
