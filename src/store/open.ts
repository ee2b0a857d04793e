/** Where a face or a library user gets its store: the one place that chooses the store's kind. */
import { type OpenOptions as FileOpenOptions, FileStore } from './file/file-store.js';
import { gitCheckoutOf } from './git-worktree.js';
import { laneFor } from './lane-of.js';
import { PgStore } from './postgres/pg-store.js';
import { databaseTarget } from './postgres/store-config.js';

export interface OpenOptions extends FileOpenOptions {
  /** A PostgreSQL URL: the tracks live in that database (else TRACK_DATABASE_URL or store.json choose; see docs/postgres.md). */
  databaseUrl?: string | undefined;
  /** The project id the tracks are kept under in the database. */
  project?: string | undefined;
}

/**
 * The store of the project `cwd` is in: the database a store.json (or `databaseUrl`, or
 * TRACK_DATABASE_URL) names, else the tracks root found from `cwd` upwards (or the one given).
 */
export function openStore(options: OpenOptions = {}): FileStore | PgStore {
  const target = databaseTarget(options);
  if (!target) return FileStore.open(options);
  return new PgStore(target, laneFor(options.lane, gitCheckoutOf(options.cwd ?? process.cwd()), target.projectDir));
}

/** Creates the tracks root if needed and opens it. */
export const initStore = (options: FileOpenOptions = {}): FileStore => FileStore.init(options).store;
