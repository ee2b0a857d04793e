import type { TrackStore } from '../service/lifecycle.js';
import { renderContext } from '../service/primer.js';

export interface SessionPrimerOptions {
  /** Upper bound in tokens (counted as characters / 4). */
  budget: number;
  /** A track other than the active one. */
  trackId?: string | undefined;
}

export const DEFAULT_PRIMER_BUDGET = 1500;

/**
 * `track context` keeps the goal and current step whole even past the budget; a session hook
 * must not, so whatever still exceeds it is cut at a line break, saying where the rest is.
 */
function hardCap(text: string, budget: number, trackId: string): string {
  const maxChars = Math.max(0, Math.floor(budget * 4));
  if (text.length <= maxChars) return text;
  const note = `\n… (cut to ${budget} tokens; run \`track context --track-id ${trackId}\` for the rest)`;
  const room = Math.max(0, maxChars - note.length);
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}

/**
 * The fresh-session primer (markdown) of the active track, or of `trackId`; null when no track
 * is active. It reads without the lock and runs no git, so a session hook stays fast.
 */
export async function sessionPrimer(store: TrackStore, options: SessionPrimerOptions): Promise<string | null> {
  return store.read((reader) => {
    const trackId = options.trackId ?? reader.head().active_track_id;
    if (!trackId) return null;
    return hardCap(renderContext(reader, trackId, { format: 'md', budget: options.budget }), options.budget, trackId);
  });
}
