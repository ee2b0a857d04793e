import { ValidationError } from '../domain/errors.js';
import { resolveTrackId } from './context.js';
import type { TrackTarget } from './context-items.js';
import { gitChangesSince } from './git-state.js';
import type { TrackStore } from './lifecycle.js';
import { buildPrimer, type Primer, type PrimerFormat, renderContext } from './primer.js';

export interface TrackContextInput extends TrackTarget {
  format?: PrimerFormat | undefined;
  budget?: number | undefined;
  /** Include what changed in git since the last checkpoint (runs git, outside any lock). Default true. */
  git?: boolean | undefined;
}

function checkBudget(budget: number | undefined): void {
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 1 || budget > 10_000_000)) {
    throw new ValidationError(`invalid --budget '${String(budget).slice(0, 20)}': a whole number of tokens from 1`, 'track context --budget 2000');
  }
}

/** Where git should be compared from: the last checkpoint's HEAD, if it recorded one. */
async function gitFor(store: TrackStore, input: TrackContextInput, trackId: string) {
  if (input.git === false) return null;
  const since = await store.read((reader) => {
    const header = buildPrimer(reader, trackId).last_checkpoint;
    const head = (header?.git as { head?: unknown } | undefined)?.head;
    return typeof head === 'string' ? head : null;
  });
  return gitChangesSince(store.projectDir, since);
}

/** The fresh-session primer of a track (default: the active one) as text. */
export async function trackContext(store: TrackStore, input: TrackContextInput = {}): Promise<string> {
  checkBudget(input.budget);
  if (input.format !== undefined && input.format !== 'md' && input.format !== 'json') {
    throw new ValidationError(`invalid --format '${String(input.format).slice(0, 20)}': md or json`, 'track context --format md');
  }
  const trackId = await store.read((reader) => reader.getTrack(resolveTrackId(reader, input.trackId)).track_id);
  const git = await gitFor(store, input, trackId);
  return store.read((reader) => renderContext(reader, trackId, { format: input.format, budget: input.budget, git }));
}

/** The primer as data (what `--format json` prints), unbounded. */
export async function trackPrimer(store: TrackStore, input: TrackContextInput = {}): Promise<Primer> {
  const trackId = await store.read((reader) => reader.getTrack(resolveTrackId(reader, input.trackId)).track_id);
  const git = await gitFor(store, input, trackId);
  return store.read((reader) => buildPrimer(reader, trackId, git));
}
