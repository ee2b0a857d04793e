/**
 * Ids of decisions and assumptions as users type them (`--supersedes`, `--validate`, `--decision`):
 * a malformed or unknown id is refused saying what an id looks like and which existing ids are nearest.
 */
import { TrackError, ValidationError } from '../../core/errors.js';
import { cmd, type HintLike, hint, run } from '../../core/hint.js';
import { ASSUMPTION_ID_PATTERN, DECISION_ID_PATTERN } from '../../core/schema.js';
import { closest, didYouMean } from '../../core/suggest.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { ASSUMPTIONS, DECISIONS, readContextDoc } from './notes-docs.js';

export type ItemKind = 'decision' | 'assumption';

const KINDS: Record<ItemKind, { prefix: string; pattern: RegExp; list: 'decisions' | 'assumptions' }> = {
  decision: { prefix: 'dec', pattern: DECISION_ID_PATTERN, list: 'decisions' },
  assumption: { prefix: 'asm', pattern: ASSUMPTION_ID_PATTERN, list: 'assumptions' },
};

export const itemIds = async (reader: StoreReader, trackId: string, kind: ItemKind): Promise<string[]> =>
  (kind === 'decision' ? await readContextDoc(reader, trackId, DECISIONS) : await readContextDoc(reader, trackId, ASSUMPTIONS)).items.map((i) => i.id);

/** The nearest existing ids as the hint, else the command that lists them. */
function nearHint(kind: ItemKind, typed: string, trackId: string, known: string[]): { hint: HintLike; near: string[] } {
  const near = closest(typed, known);
  const list = { track_id: trackId };
  return {
    hint: near.length ? hint`${didYouMean(near)} (${cmd(KINDS[kind].list, list)} lists them)` : hint`${run(KINDS[kind].list, list)} to see the ${kind} ids`,
    near,
  };
}

/** An id the track does not hold (well-formed): not found, with the nearest ids it does hold. */
export function itemNotFound(kind: ItemKind, typed: string, trackId: string, known: string[]): TrackError {
  const { hint, near } = nearHint(kind, typed, trackId, known);
  return new TrackError('NOT_FOUND', `track '${trackId}' has no ${kind} '${typed.slice(0, 64)}'`, hint, {
    track_id: trackId,
    id: typed.slice(0, 200),
    ...(near.length ? { did_you_mean: near } : {}),
  });
}

/**
 * Refuses `typed` (given as `field`) when it is not an id of `kind` (`dec-NNN`, `asm-NNN`, either with a tag), naming
 * the format and the nearest ids of the track it refers to. Well-formed ids pass: whether the
 * track holds it is checked where it is used.
 */
export async function checkItemId(store: StorePort, trackId: string | undefined, kind: ItemKind, field: string, typed: unknown): Promise<void> {
  const { prefix, pattern } = KINDS[kind];
  if (typeof typed !== 'string' || pattern.test(typed)) return;
  const { id, known } = await store.read(async (reader) => {
    const id = (await resolveTrack(reader, trackId)).track_id;
    return { id, known: await itemIds(reader, id, kind) };
  });
  const { hint, near } = nearHint(kind, typed, id, known);
  throw new ValidationError(
    `invalid ${field} '${typed.slice(0, 64)}': ${kind === 'assumption' ? 'an' : 'a'} ${kind} id is '${prefix}-' and three or more digits, like ${prefix}-001 (or ${prefix}-001-k3x9p)`,
    hint,
    {
      field,
      value: typed.slice(0, 200),
      ...(near.length ? { did_you_mean: near } : {}),
    },
  );
}
