import type { Face } from '../../core/face-commands.js';
import type { StorePort } from '../../store/port.js';
import { contextView } from './primer.js';

export interface SessionPrimerOptions {
  /** Upper bound in tokens (counted as characters / 4); never exceeded. */
  budget: number;
  /** A track other than the active one. */
  track_id?: string | undefined;
  /** Whose terms the commands in the primer use (default: `track` command lines). */
  face?: Face | undefined;
}

export const DEFAULT_PRIMER_BUDGET = 1500;

/**
 * The fresh-session primer (markdown) of the active track, or of `trackId`; with no track active,
 * the paused tracks and how to resume one. Null only when there is nothing to resume (no active
 * and no paused track). It runs no git, so a session hook stays fast.
 */
export async function sessionPrimer(store: StorePort, options: SessionPrimerOptions): Promise<string | null> {
  const view = await contextView(store, { track_id: options.track_id, budget: options.budget, format: 'md', git: false, face: options.face, strict: true });
  return view.track_id === null && view.paused_total === 0 ? null : view.text;
}

/** The primer an MCP host reads (the `context` tool and resource): always text, in tool-call terms. */
export async function mcpPrimer(
  store: StorePort,
  options: { track_id?: string | undefined; budget?: number | undefined; face?: Face | undefined } = {},
): Promise<string> {
  const budget = options.budget ?? DEFAULT_PRIMER_BUDGET;
  return (await contextView(store, { track_id: options.track_id, budget, format: 'md', git: false, face: options.face ?? 'mcp', strict: true })).text;
}
