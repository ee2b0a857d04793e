/** A read-only walk of everything under the tracks root, for `track doctor`. Never follows a symlink. */
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { TEMP_PREFIX } from './atomic-write.js';
import { io, isErrno } from './fs-seam.js';

export const LOST_AND_FOUND = 'lost+found';

export interface ScannedEntry {
  /** Path relative to the root, '/'-separated; '' is the root itself. */
  relative: string;
  stats: Stats;
}

/** Every entry under `root` (the root first), skipping the contents of lost+found. */
export function scanTree(root: string): ScannedEntry[] {
  const entries: ScannedEntry[] = [];
  const visit = (relative: string): void => {
    let stats: Stats;
    try {
      stats = io.lstatSync(relative ? join(root, ...relative.split('/')) : root);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      throw error;
    }
    entries.push({ relative, stats });
    if (!stats.isDirectory() || relative === LOST_AND_FOUND) return;
    let names: string[];
    try {
      names = io.readdirSync(relative ? join(root, ...relative.split('/')) : root);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      throw error;
    }
    for (const name of names.sort()) visit(relative ? `${relative}/${name}` : name);
  };
  visit('');
  return entries;
}

/** The pid encoded in an atomic-write temp name (`.tmp-<pid>-<random>-<target>`), or null. */
export function tempFileOwner(name: string): number | null {
  if (!name.startsWith(TEMP_PREFIX)) return null;
  const match = /^(\d+)-/.exec(name.slice(TEMP_PREFIX.length));
  return match?.[1] ? Number(match[1]) : null;
}

/** True unless the process provably does not exist (a pid we may not signal still lives). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}
