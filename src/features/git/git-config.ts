/** The merge driver's entry in a clone's git config, read from the file itself (no `git` process). */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { GitCheckout } from '../../store/git-worktree.js';

export const DRIVER_NAME = 'track';

/** The clone's config file: in the repository every worktree shares (a linked worktree's `commondir`). */
export function configFileOf(checkout: GitCheckout): string {
  let common = checkout.gitDir;
  try {
    const pointer = readFileSync(join(checkout.gitDir, 'commondir'), 'utf8').trim();
    if (pointer) common = isAbsolute(pointer) ? pointer : resolve(checkout.gitDir, pointer);
  } catch {
    // a main checkout: its own admin directory is the repository
  }
  return join(common, 'config');
}

/** The `driver` value of `[merge "track"]` in a config file's text, or null when it has none. */
export function driverIn(configText: string): string | null {
  let inSection = false;
  let driver: string | null = null;
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s"]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (section) {
      inSection = section[1]?.toLowerCase() === 'merge' && section[2] === DRIVER_NAME;
      continue;
    }
    const entry = inSection ? /^driver\s*=\s*(.*)$/i.exec(line) : null;
    if (entry?.[1]) driver = entry[1].trim();
  }
  return driver;
}

export function readDriver(checkout: GitCheckout): string | null {
  try {
    return driverIn(readFileSync(configFileOf(checkout), 'utf8'));
  } catch {
    return null;
  }
}
