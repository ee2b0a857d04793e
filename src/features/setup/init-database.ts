/**
 * `init --store postgres`: the project keeps its tracks in a PostgreSQL database. The schema is
 * migrated and the project registered first; only then are `.claude/conductor/store.json` (which
 * names the environment variable holding the URL, never the URL) and the skill's files written.
 */
import { dirname, join } from 'node:path';
import { TrackError } from '../../core/errors.js';
import { hint, run } from '../../core/hint.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import { ensureDir } from '../../store/file/atomic-write.js';
import { defaultRootFor } from '../../store/file/paths.js';
import { readTextIfPresent } from '../../store/file/safe-json.js';
import { inMainCheckout } from '../../store/git-worktree.js';
import { redactUrl } from '../../store/postgres/connection.js';
import { PgStore, RUN_OUTPUT_IGNORE } from '../../store/postgres/pg-store.js';
import {
  DATABASE_URL_ENV,
  PROJECT_ENV,
  parseStoreFile,
  projectIdFrom,
  STORE_FILE,
  storeFileText,
  validateEnvName,
  validateProjectId,
} from '../../store/postgres/store-config.js';
import { type FileChange, type PreparedChange, prepareHooks, prepareMcpServer } from './claude-setup.js';
import { writeIfChanged, writeSkill } from './init-project.js';

export interface InitDatabaseInput {
  /** The URL to use now (else the variable `url_env` names). */
  databaseUrl?: string | undefined;
  /** The environment variable every machine reads the URL from (default TRACK_DATABASE_URL). */
  urlEnv?: string | undefined;
  project?: string | undefined;
  hooks?: boolean | undefined;
  mcp?: boolean | undefined;
}

export interface InitDatabaseResult {
  project_dir: string;
  project: string;
  /** The database, its password hidden. */
  database: string;
  url_env: string;
  schema_version: number;
  migrations_applied: number[];
  project_created: boolean;
  files: string[];
  unchanged: string[];
  config: FileChange[];
}

export async function initDatabaseProject(input: InitDatabaseInput = {}): Promise<InitDatabaseResult> {
  const { projectDir } = defaultRootFor({});
  const storeFilePath = join(projectDir, STORE_FILE);
  // In a linked worktree whose branch has no store.json yet, the main checkout's says which project this is.
  const existingText = readTextIfPresent(storeFilePath) ?? readTextIfPresent(join(inMainCheckout(projectDir), STORE_FILE));
  const existing = existingText === null ? null : parseStoreFile(existingText, storeFilePath);
  const urlEnv = validateEnvName(input.urlEnv ?? existing?.url_env ?? DATABASE_URL_ENV);
  const url = input.databaseUrl ?? process.env[urlEnv];
  if (!url) {
    throw new TrackError(
      'DATABASE_UNAVAILABLE',
      `no database to set up: ${urlEnv} is not set`,
      // The same command again, with what chose the variable and the project, so that it finds what was exported.
      hint`export ${urlEnv}=postgres://USER@HOST:5432/DB (the password in ~/.pgpass or PGPASSWORD), then ${run('init', {
        store: 'postgres',
        url_env: input.urlEnv,
        project: input.project,
        hooks: input.hooks,
        mcp: input.mcp,
      })}`,
    );
  }
  const project = validateProjectId(input.project ?? (process.env[PROJECT_ENV] || undefined) ?? existing?.project ?? projectIdFrom(inMainCheckout(projectDir)));
  const config: PreparedChange[] = [...(input.hooks ? [prepareHooks(projectDir)] : []), ...(input.mcp ? [prepareMcpServer(projectDir)] : [])];
  const store = new PgStore({ url, project, projectDir }, { id: DEFAULT_LANE, worktree: projectDir });
  let migrated: Awaited<ReturnType<PgStore['migrate']>>;
  try {
    migrated = await store.migrate();
  } finally {
    await store.close();
  }
  const files: string[] = [];
  const unchanged: string[] = [];
  ensureDir(dirname(storeFilePath), projectDir);
  ensureDir(dirname(store.localRoot), store.mainDir);
  (writeIfChanged(storeFilePath, storeFileText({ format: 'track-store/1', kind: 'postgres', url_env: urlEnv, project })) ? files : unchanged).push(
    storeFilePath,
  );
  const outputIgnore = join(dirname(store.localRoot), RUN_OUTPUT_IGNORE.name);
  (writeIfChanged(outputIgnore, RUN_OUTPUT_IGNORE.text) ? files : unchanged).push(outputIgnore);
  writeSkill(projectDir, files, unchanged);
  for (const change of config) change.apply();
  return {
    project_dir: projectDir,
    project,
    database: redactUrl(url),
    url_env: urlEnv,
    schema_version: migrated.to,
    migrations_applied: migrated.applied.map((m) => m.version),
    project_created: migrated.project_created,
    files,
    unchanged,
    config: config.map((c) => c.change),
  };
}
