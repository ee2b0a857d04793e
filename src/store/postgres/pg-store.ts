/**
 * The PostgreSQL store: the store port over a database that several machines share.
 *
 * Writers of one project take its row in `track_projects` FOR UPDATE first, so they run one at a
 * time, each seeing every commit before it (READ COMMITTED after the lock is serializable for
 * writers that all take it); readers run in a REPEATABLE READ READ ONLY snapshot and never wait.
 * The lane rules are the schema's (see migrations.ts). Every commit records a random operation id:
 * when the connection drops while COMMIT is on its way, the store asks the database whether that
 * operation committed before it retries, so an acknowledged change is never applied twice.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { TrackError } from '../../core/errors.js';
import { randomUUID } from '../../core/hash.js';
import type { Lane } from '../../core/lanes.js';
import { sleep } from '../../core/sleep.js';
import type { StoreChange } from '../changes.js';
import { pathWithin } from '../contains.js';
import { atomicWriteFile, ensureDir } from '../file/atomic-write.js';
import { runDirPath, runOutput } from '../file/runs.js';
import { inMainCheckout } from '../git-worktree.js';
import type { RunOutput, StorePort, StoreReader, StoreTx, TransactionOptions } from '../port.js';
import { commitsAfter } from './change-reads.js';
import {
  type ConnectionSettings,
  commitInDoubt,
  connectionSettings,
  createPool,
  databaseError,
  isConnectionFailure,
  isRetryableConflict,
  isRuleViolation,
  migratePermission,
  rethrowable,
} from './connection.js';
import type { MigrateResult } from './migrations.js';
import { PgReader, type PgScope } from './pg-reader.js';
import { PgTx } from './pg-tx.js';
import { assertSchema, ensureProject, migrate, schemaVersionOf } from './schema-version.js';
import type { DatabaseTarget } from './store-config.js';

const inTransaction = new AsyncLocalStorage<true>();
/** Attempts of one operation when the connection fails or the server aborts it for a conflict. */
const MAX_ATTEMPTS = 4;

/** This machine's folder for the output of commands that run here: `.claude/conductor/run-output/<project>`. */
export const localRootOf = (projectDir: string, project: string): string => join(projectDir, '.claude', 'conductor', 'run-output', project);

/** What keeps the run output out of git: `run-output/.gitignore`, never committed itself (it ignores everything, itself included). */
export const RUN_OUTPUT_IGNORE = { name: '.gitignore', text: '# what commands print while they run on this machine\n*\n' } as const;

const backoffMs = (attempt: number): number => Math.min(1_000, 50 * 2 ** attempt) * (0.5 + Math.random());
const backoff = (attempt: number): Promise<void> => sleep(backoffMs(attempt));

async function release(client: PoolClient, broken: boolean): Promise<void> {
  if (!broken) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
  }
  client.release(broken);
}

export class PgStore implements StorePort {
  private pool: Promise<Pool> | null = null;
  private schemaVersion: number | null = null;
  private readonly settings: ConnectionSettings;
  /** The project folder in the main checkout (the project folder itself outside a linked worktree): the default lane's, and where this clone keeps its run output. */
  readonly mainDir: string;
  readonly localRoot: string;

  constructor(
    readonly target: DatabaseTarget,
    readonly lane: Lane,
  ) {
    this.settings = connectionSettings();
    // Every worktree of the clone writes and reads its run output in one place, as the file store keeps runs in the main checkout's root.
    this.mainDir = inMainCheckout(target.projectDir);
    this.localRoot = localRootOf(this.mainDir, target.project);
  }

  get projectDir(): string {
    return this.target.projectDir;
  }

  get project(): string {
    return this.target.project;
  }

  get workflowsDir(): string {
    return join(this.projectDir, '.claude', 'conductor', 'workflows');
  }

  get templatesDir(): string {
    return join(this.projectDir, '.claude', 'conductor', 'templates');
  }

  contains(path: string): boolean {
    return pathWithin(this.localRoot, path);
  }

  /**
   * A pooled connection. Nothing was sent yet, so a server that refuses connections or is starting
   * up (a restart) is asked again until the connect timeout is spent, and never for longer.
   */
  private async rawClient(): Promise<PoolClient> {
    this.pool ??= createPool(this.target.url, this.settings);
    const pool = await this.pool;
    const deadline = Date.now() + this.settings.connectTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.connect();
      } catch (error) {
        const wait = backoffMs(attempt);
        if (!isConnectionFailure(error) || Date.now() + wait >= deadline) throw databaseError(error, this.target.url);
        await sleep(wait);
      }
    }
  }

  /** Applies the migrations the database lacks (`track db migrate`) and registers this project. */
  async migrate(): Promise<MigrateResult & { project_created: boolean }> {
    const client = await this.rawClient();
    try {
      const result = await migrate(client);
      const created = await ensureProject(client, this.project, new Date().toISOString());
      this.schemaVersion = result.to;
      client.release();
      return { ...result, project_created: created };
    } catch (error) {
      client.release(isConnectionFailure(error));
      if ((error as { code?: string }).code === '42501') throw migratePermission(error, this.target.url);
      throw databaseError(error, this.target.url);
    }
  }

  /** Registers this project in a migrated database (rows only: no schema change); true when it is new. */
  async register(): Promise<boolean> {
    let client: PoolClient | null = null;
    try {
      client = await this.connect(true);
      const created = await ensureProject(client, this.project, new Date().toISOString());
      client.release();
      return created;
    } catch (error) {
      client?.release(isConnectionFailure(error));
      throw rethrowable(error, this.target.url);
    }
  }

  /** Connects once and checks the schema this build speaks (for writing: not newer either); typed errors otherwise. */
  async checkSchema(forWriting: boolean): Promise<void> {
    (await this.connect(forWriting)).release();
  }

  /**
   * A pooled connection whose schema was checked (once per store) for `forWriting`. A connection
   * that fails here is thrown as the driver's error, for the caller to try again.
   */
  private async connect(forWriting: boolean): Promise<PoolClient> {
    const client = await this.rawClient();
    try {
      this.schemaVersion ??= await schemaVersionOf(client);
      assertSchema(this.schemaVersion, forWriting);
      return client;
    } catch (error) {
      const broken = isConnectionFailure(error);
      client.release(broken);
      throw broken ? error : databaseError(error, this.target.url);
    }
  }

  /** Closes the pool's connections (a long-lived library user's shutdown; a command's process may simply exit). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await (await pool).end();
  }

  private scope(client: PoolClient): PgScope {
    return { client, project: this.project, localRoot: this.localRoot, mainDir: this.mainDir };
  }

  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> {
    return this.snapshot((client) => fn(new PgReader(this.scope(client), this.lane)));
  }

  /** The project's commits after generation `after` (up to `upTo`) as one change, what a watch reports (features/watch); null when there are none. */
  changesAfter(after: number, upTo?: number): Promise<StoreChange | null> {
    return this.snapshot((client) => commitsAfter(client, this.project, after, upTo));
  }

  /** Runs `fn` in a read-only snapshot, again on a new connection when the connection fails. */
  private async snapshot<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient | null = null;
      try {
        client = await this.connect(false);
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const result = await fn(client);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        const broken = isConnectionFailure(error);
        if (client) await release(client, broken);
        if (broken && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw rethrowable(error, this.target.url);
      }
    }
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (inTransaction.getStore()) {
      throw new TrackError('INTERNAL', 'a transaction was opened inside another transaction', 'this is a bug in track-manager; please report it');
    }
    const operation = randomUUID();
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient | null = null;
      let commitSent = false;
      let result: T | undefined;
      try {
        client = await this.connect(true);
        await client.query('BEGIN');
        await client.query("SELECT set_config('lock_timeout', $1, true)", [`${options.lockTimeoutMs ?? this.settings.lockTimeoutMs}ms`]);
        const locked = await client.query('SELECT 1 FROM track_projects WHERE project = $1 FOR UPDATE', [this.project]);
        const tx = new PgTx(this.scope(client), this.lane, new Date().toISOString());
        if (locked.rowCount === 0) await tx.head();
        result = await inTransaction.run(true, () => fn(tx));
        await tx.finish(operation);
        commitSent = true;
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        const broken = isConnectionFailure(error);
        if (client) await release(client, broken);
        if (commitSent && broken && (await this.committed(operation).catch((lost: unknown) => Promise.reject(commitInDoubt(lost, this.target.url)))))
          return result as T;
        if ((broken || isRetryableConflict(error)) && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        if (isRuleViolation(error)) {
          throw new TrackError(
            'INTERNAL',
            `refused to commit: ${(error as Error).message}`,
            'this is a bug in track-manager; please report it (nothing was written)',
          );
        }
        throw rethrowable(error, this.target.url);
      }
    }
  }

  /**
   * Whether the operation whose COMMIT lost its connection committed. Taking the project's row
   * first waits out a commit still in progress on the server, so the answer is final.
   */
  private async committed(operation: string): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let client: PoolClient | null = null;
      try {
        client = await this.connect(false);
        await client.query('BEGIN');
        await client.query('SELECT 1 FROM track_projects WHERE project = $1 FOR UPDATE', [this.project]);
        const found = await client.query('SELECT 1 FROM track_commits WHERE operation = $1', [operation]);
        await release(client, false);
        return (found.rowCount ?? 0) > 0;
      } catch (error) {
        if (client) await release(client, isConnectionFailure(error));
        if (attempt === MAX_ATTEMPTS) throw databaseError(error, this.target.url);
        await backoff(attempt);
      }
    }
    return false;
  }

  /**
   * The run's logs and command records are written on this machine, in its run-output folder, kept
   * out of git here too (a fresh clone has store.json but not the ignore file, which is never committed).
   */
  async openRunOutput(trackId: string, runId: string): Promise<RunOutput> {
    ensureDir(runDirPath(this.localRoot, trackId, runId), join(this.mainDir, '.claude'));
    const ignore = join(dirname(this.localRoot), RUN_OUTPUT_IGNORE.name);
    if (!existsSync(ignore)) atomicWriteFile(ignore, RUN_OUTPUT_IGNORE.text);
    return runOutput(this.localRoot, trackId, runId);
  }
}
