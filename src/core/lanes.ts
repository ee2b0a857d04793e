/**
 * Lanes: seats of work. A lane holds at most one active track and a track is active in at most one
 * lane. The main checkout (and any directory outside git) is the default lane; a linked git
 * worktree is a lane of its own; a name (`--lane`, TRACK_LANE) makes one anywhere.
 */
import { ValidationError } from './errors.js';
import { LANE_ID_PATTERN } from './schema.js';

export const DEFAULT_LANE = 'default';
export const LANE_ENV = 'TRACK_LANE';

/** The lane a command acts in, and the checkout its work happens in. */
export interface Lane {
  id: string;
  /** The worktree (or project directory) the lane's commands run in; null when not known. */
  worktree: string | null;
  /** In a store inside a git checkout: this clone's id, which the tracks the lane holds carry (tracks merged in from another clone carry theirs). */
  clone?: string | undefined;
}

/** A lane name a person typed, checked: lowercase letters, digits, '.', '_' and '-', at most 64. */
export function validateLaneName(name: string): string {
  if (LANE_ID_PATTERN.test(name)) return name;
  throw new ValidationError(
    `invalid lane name '${name.slice(0, 70)}'`,
    `a lane name is 1-64 lowercase letters, digits, '.', '_' or '-', starting and ending with a letter or digit (e.g. --lane agent-1)`,
  );
}

/** FNV-1a over the UTF-16 code units: a stable short digest without loading node:crypto. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The stable lane id of a linked worktree: its folder's name and a digest of its path (`wt-b-3fa2c1`). */
export function worktreeLaneId(path: string): string {
  const base =
    (path.split(/[\\/]/).pop() ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'worktree';
  return `${base}-${fnv1a(path).slice(0, 6)}`;
}
