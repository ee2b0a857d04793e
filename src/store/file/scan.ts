/** A read-only walk of everything under the tracks root, for `track doctor`. Never follows a symlink. */
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { TEMP_PREFIX } from './atomic-write.js';
import { io, isErrno } from './fs-seam.js';
import { MAX_DOCUMENT_BYTES, readFileBytes } from './safe-json.js';

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

const SHA256_TEXT = /[0-9a-f]{64}/g;

/**
 * Every sha256 mentioned by a JSON file in lost+found (a quarantined checkpoint, journal or track
 * directory), read as plain text because such files are damaged by definition. Objects they name
 * may be needed to recover them, so none of those is ever unreferenced. Null when a file there
 * cannot be read in full: then nothing is provably unreferenced.
 */
export function lostAndFoundReferences(root: string): Set<string> | null {
  const found = new Set<string>();
  const visit = (path: string): boolean => {
    let stats: Stats;
    try {
      stats = io.lstatSync(path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return true;
      return false;
    }
    if (stats.isDirectory()) {
      let names: string[];
      try {
        names = io.readdirSync(path);
      } catch {
        return false;
      }
      return names.every((name) => visit(join(path, name)));
    }
    if (!stats.isFile() || !path.endsWith('.json')) return true;
    try {
      for (const sha of readFileBytes(path, MAX_DOCUMENT_BYTES).toString('latin1').match(SHA256_TEXT) ?? []) found.add(sha);
      return true;
    } catch {
      return false;
    }
  };
  return visit(join(root, LOST_AND_FOUND)) ? found : null;
}
