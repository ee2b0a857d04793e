/**
 * A clone whose tracks root says `merge=track` (committed) but whose git config has no such driver
 * (a fresh clone, never `track init`ed) merges track documents line by line: say so, with the fix.
 * Read from files alone: the SessionStart hook runs this and never spawns git.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitCheckoutOf } from '../../store/git-worktree.js';
import { ATTRIBUTES_FILE, namesOurDriver } from './attributes.js';
import { readDriver } from './git-config.js';

export const DRIVER_FIX = 'track init';

/** The one-line warning, or null when the driver is registered (or nothing asks for it). */
export function missingDriverWarning(root: string): string | null {
  let attributes: string;
  try {
    attributes = readFileSync(join(root, ATTRIBUTES_FILE), 'utf8');
  } catch {
    return null;
  }
  if (!namesOurDriver(attributes)) return null;
  const checkout = gitCheckoutOf(root);
  if (!checkout || readDriver(checkout) !== null) return null;
  return `this clone has no merge driver for its committed tracks (git would merge track files line by line); run: ${DRIVER_FIX}`;
}
