/**
 * The files of a tracks root that never go into git: this machine's own (the lock, the journal,
 * temporary files, the active pointers, the trust list, the run records and their logs) and
 * what is rebuilt from the track documents (the registry segments). `track init` writes them into
 * the root's `.gitignore`; everything else there is meant to be committed and merged.
 */
import { join } from 'node:path';
import { atomicWriteFile, TEMP_PREFIX } from './atomic-write.js';
import { JOURNAL_FILE } from './journal.js';
import { CLOSED_REGISTRY_FILE, HEAD_FILE, REGISTRY_FILE, RUNS_DIR_NAME, TRACK_FILES_FILE, TRUST_FILE } from './layout.js';
import { LOCK_FILE } from './lock.js';
import { readTextIfPresent } from './safe-json.js';
import { LOST_AND_FOUND } from './scan.js';

export const GITIGNORE_FILE = '.gitignore';

const BEGIN = '# track-manager: files of this machine, and files rebuilt from the tracks (docs/git.md)';
const END = '# end of track-manager';

/** The ignore patterns, relative to the tracks root. */
export const LOCAL_PATTERNS: readonly string[] = [
  `/${HEAD_FILE}`,
  `/${REGISTRY_FILE}`,
  `/${CLOSED_REGISTRY_FILE}`,
  `/${TRACK_FILES_FILE}`,
  `/${TRUST_FILE}*`,
  `/${LOCK_FILE}`,
  `/${LOCK_FILE}.*`,
  `/${JOURNAL_FILE}`,
  `/${LOST_AND_FOUND}/`,
  `${TEMP_PREFIX}*`,
  // Run records change after they are written (a run closed as interrupted by a restore): one clone's history, not merged.
  `/*/${RUNS_DIR_NAME}/`,
];

const block = (): string => [BEGIN, ...LOCAL_PATTERNS, END].join('\n');

/** `text` with this product's block in place of the old one (or appended), the user's own lines kept. */
export function withLocalBlock(text: string): string {
  const start = text.indexOf(BEGIN);
  const end = start < 0 ? -1 : text.indexOf(END, start);
  if (start >= 0 && end >= 0) return `${text.slice(0, start)}${block()}${text.slice(end + END.length)}`;
  const before = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
  return `${before}${block()}\n`;
}

/** Whether the root's `.gitignore` holds the block `track init` writes (a committed store seen in a fresh clone). */
export function hasLocalIgnore(root: string): boolean {
  return (readTextIfPresent(join(root, GITIGNORE_FILE)) ?? '').includes(BEGIN);
}

/** Writes the root's `.gitignore` block; true when the file changed. */
export function writeLocalIgnore(root: string): boolean {
  const path = join(root, GITIGNORE_FILE);
  const before = readTextIfPresent(path) ?? '';
  const after = withLocalBlock(before);
  if (after === before) return false;
  atomicWriteFile(path, after);
  return true;
}
