/**
 * Which database a project's tracks live in. `.claude/conductor/store.json` (committed) names the
 * *environment variable* holding the URL, never the URL itself, and the project id the tracks are
 * kept under; `--database-url` or TRACK_DATABASE_URL choose a database without it.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { TrackError, ValidationError } from '../../core/errors.js';
import { LANE_ID_PATTERN } from '../../core/schema.js';
import { atomicWriteFile, ensureDir } from '../file/atomic-write.js';
import { io } from '../file/fs-seam.js';
import { ROOT_ENV, ROOT_SUBPATH } from '../file/paths.js';
import { readTextIfPresent } from '../file/safe-json.js';
import { type GitCheckout, gitCheckoutOf, inMainCheckout } from '../git-worktree.js';

export const DATABASE_URL_ENV = 'TRACK_DATABASE_URL';
export const PROJECT_ENV = 'TRACK_PROJECT';
export const STORE_FILE = join('.claude', 'conductor', 'store.json');
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export interface StoreFile {
  format: 'track-store/1';
  kind: 'postgres';
  /** The environment variable that holds the database URL. */
  url_env: string;
  /** The id the project's tracks are kept under (one database holds many projects). */
  project: string;
}

/** Where a database store is: its URL (secret), the project's id, and the project directory. */
export interface DatabaseTarget {
  url: string;
  project: string;
  projectDir: string;
}

export interface DatabaseChoice {
  cwd?: string | undefined;
  root?: string | undefined;
  databaseUrl?: string | undefined;
  project?: string | undefined;
}

/** The name of the environment variable store.json points at. */
export function validateEnvName(name: string): string {
  if (ENV_NAME.test(name)) return name;
  throw new ValidationError(
    `invalid environment variable name '${name.slice(0, 70)}'`,
    `letters, digits and '_', not starting with a digit (e.g. --url-env ${DATABASE_URL_ENV})`,
  );
}

export function validateProjectId(id: string): string {
  if (LANE_ID_PATTERN.test(id)) return id;
  throw new ValidationError(
    `invalid project id '${id.slice(0, 70)}'`,
    "a project id is 1-64 lowercase letters, digits, '.', '_' or '-' (e.g. --project my-service)",
  );
}

/** A project id from a directory's name: `My Service` → `my-service`. */
export function projectIdFrom(dir: string): string {
  const slug = (dir.split(/[\\/]/).pop() ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 64)
    .replace(/[^a-z0-9]+$/, '');
  return slug || 'default';
}

export function parseStoreFile(text: string, path: string): StoreFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new TrackError('CORRUPT_STORE', `${path}: is not valid JSON`, `fix it, or write it again with 'track init --store postgres'`, { file: path });
  }
  const record = (doc ?? {}) as Record<string, unknown>;
  if ('url' in record || 'password' in record) {
    throw new TrackError(
      'VALIDATION',
      `${path}: must not hold a database URL or password (it is committed)`,
      `remove it; name the environment variable instead: "url_env": "${DATABASE_URL_ENV}"`,
      { file: path },
    );
  }
  const urlEnv = record.url_env ?? DATABASE_URL_ENV;
  if (record.kind !== 'postgres' || typeof urlEnv !== 'string' || !ENV_NAME.test(urlEnv) || typeof record.project !== 'string') {
    throw new TrackError(
      'CORRUPT_STORE',
      `${path}: expected {"kind": "postgres", "url_env": "<VARIABLE>", "project": "<id>"}`,
      `fix it, or write it again with 'track init --store postgres'`,
      {
        file: path,
      },
    );
  }
  return { format: 'track-store/1', kind: 'postgres', url_env: urlEnv, project: validateProjectId(record.project) };
}

export const storeFileText = (file: StoreFile): string => `${JSON.stringify(file, null, 2)}\n`;

export function writeStoreFile(projectDir: string, file: StoreFile): string {
  const path = join(projectDir, STORE_FILE);
  ensureDir(dirname(path), projectDir);
  atomicWriteFile(path, storeFileText(file));
  return path;
}

const exists = (path: string): boolean => {
  try {
    return io.statIfPresent(path) !== undefined;
  } catch {
    return false;
  }
};

interface Conductor {
  projectDir: string;
  storeFile: string | null;
}

/** The nearest project from `from` up to `top` (or the filesystem's root) whose conductor folder holds a store.json or a tracks root. */
function conductorAbove(from: string, top: string | null): Conductor | null {
  for (let at = resolve(from); ; at = dirname(at)) {
    const storeFile = join(at, STORE_FILE);
    if (exists(storeFile)) return { projectDir: at, storeFile };
    if (exists(join(at, ROOT_SUBPATH))) return { projectDir: at, storeFile: null };
    if (at === top || dirname(at) === at) return null;
  }
}

/**
 * The project `cwd` is in. A linked worktree that has neither a store.json nor a tracks root of its
 * own (store.json not committed yet, or not on its branch) uses the main checkout's, as the file
 * store does: every worktree of a clone is a lane of the same project.
 */
function nearestConductor(cwd: string, checkout: GitCheckout | null): Conductor | null {
  if (!checkout?.linked || !checkout.mainTop) return conductorAbove(cwd, null);
  const own = conductorAbove(cwd, checkout.top);
  if (own) return own;
  const main = conductorAbove(inMainCheckout(cwd, checkout), checkout.mainTop);
  if (main) return { ...main, projectDir: join(checkout.top, relative(checkout.mainTop, main.projectDir)) };
  return dirname(checkout.top) === checkout.top ? null : conductorAbove(dirname(checkout.top), null);
}

function urlFrom(file: StoreFile, path: string): string {
  const url = process.env[file.url_env];
  if (url) return url;
  throw new TrackError(
    'DATABASE_UNAVAILABLE',
    `this project keeps its tracks in PostgreSQL (${path}), but ${file.url_env} is not set`,
    `set ${file.url_env} to the database URL (postgres://user@host/db; the password in ~/.pgpass or PGPASSWORD), or pass --database-url`,
    { file: path },
  );
}

/**
 * The database a command uses, or null for the file store. An explicit tracks root (`--root`,
 * TRACK_MANAGER_ROOT) means files; then `--database-url`; then a store.json above `cwd` (nearer
 * than any tracks root); then TRACK_DATABASE_URL.
 */
export function databaseTarget(choice: DatabaseChoice): DatabaseTarget | null {
  if (choice.root ?? process.env[ROOT_ENV]) return null;
  const cwd = resolve(choice.cwd ?? process.cwd());
  const checkout = gitCheckoutOf(cwd);
  const found = nearestConductor(cwd, checkout);
  const storeFileText = found?.storeFile ? readTextIfPresent(found.storeFile) : null;
  const file = found?.storeFile && storeFileText !== null ? parseStoreFile(storeFileText, found.storeFile) : null;
  // Without a store.json, the project is the repository's (its top level), wherever in it a command runs.
  const projectDir = found?.projectDir ?? checkout?.top ?? cwd;
  const project = (): string =>
    validateProjectId(choice.project ?? (process.env[PROJECT_ENV] || undefined) ?? file?.project ?? projectIdFrom(inMainCheckout(projectDir)));
  if (choice.databaseUrl) return { url: choice.databaseUrl, project: project(), projectDir };
  if (file && found?.storeFile) return { url: urlFrom(file, found.storeFile), project: project(), projectDir };
  if (found && !found.storeFile) return null;
  const url = process.env[DATABASE_URL_ENV];
  return url ? { url, project: project(), projectDir } : null;
}
