/**
 * PostgreSQL for tests: a fresh database per test file on the run's shared server, a dedicated
 * server for tests that stop, crash or restart it, and admin SQL. When no server can be had, tests
 * that need one are skipped with the reason, except under CI (env CI set), where they fail with it.
 */

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, inject, type TestContext } from 'vitest';
import { underCi } from './ci.js';
import { requestServer } from './postgres-broker.js';
import { type PostgresServer, startPostgresServer } from './postgres-server.js';

export type { PostgresServer } from './postgres-server.js';

/** Under CI a PostgreSQL that cannot be had fails the tests that need it instead of skipping them. */
export const postgresRequired = underCi;

export interface TestDatabase {
  readonly name: string;
  /** Connects to this database as the admin role. */
  readonly url: string;
  /** The shared server's admin URL (database `postgres`, or the one of TRACK_TEST_DATABASE_URL). */
  readonly adminUrl: string;
  /** Drops it, ending any sessions still connected. */
  drop(): Promise<void>;
}

let shared: Promise<string> | undefined;

/** The shared server's admin URL; starts the server if this is the run's first demand. */
export function sharedAdminUrl(): Promise<string> {
  shared ??= (async () => {
    const provision = inject('trackPostgres');
    if (!provision) throw new Error('no PostgreSQL provided: run the tests through vitest.config.ts (globalSetup test/setup-postgres.ts)');
    return provision.kind === 'url' ? provision.url : requestServer(provision.dir);
  })();
  return shared;
}

/** A new, empty database on the shared server (`track_test_<random>`), so files in parallel workers never meet. */
export async function testDatabase(): Promise<TestDatabase> {
  const adminUrl = await sharedAdminUrl();
  const name = `track_test_${randomBytes(8).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return {
    name,
    adminUrl,
    url: databaseUrl(adminUrl, name),
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * A suite with its own fresh database (`db()` inside its tests and hooks), dropped after it.
 * Without a server the suite is skipped, its name saying why; under CI its tests fail with the cause.
 */
export function describeWithPostgres(name: string, body: (db: () => TestDatabase) => void): void {
  describe(name, async () => {
    const unavailable = await postgresUnavailable();
    if (unavailable && !postgresRequired) {
      describe.skip(skipNote(unavailable), () => body(notAvailable));
      return;
    }
    const required = () => {
      if (unavailable) throw new Error(`PostgreSQL is required (CI is set) but unavailable: ${unavailable}`);
    };
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      if (!unavailable) database = await testDatabase();
    });
    // Each test fails with the cause (a failing beforeAll would only mark them skipped).
    beforeEach(required);
    afterAll(async () => {
      await database?.drop();
    });
    body(() => {
      required();
      return database ?? notAvailable();
    });
  });
}

async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await adminQuery(await sharedAdminUrl(), 'select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function notAvailable(): never {
  throw new Error('the test database exists inside the suite’s tests and hooks only');
}

function skipNote(reason: string): string {
  return `skipped, PostgreSQL unavailable (${reason.split('\n')[0]}); set TRACK_TEST_DATABASE_URL to a PostgreSQL 14+ admin URL, or CI=1 to fail instead`;
}

/**
 * A dedicated server for a test that stops, kills or restarts it. Given the test's context, it is
 * removed when that test finishes, and a test that cannot have one is skipped (under CI it fails);
 * without a context (e.g. in `beforeAll`), errors are thrown and `cleanup()` is the caller's. A
 * server whose owner process dies is removed regardless.
 */
export async function startOwnPostgres(ctx?: TestContext): Promise<PostgresServer> {
  let server: PostgresServer;
  try {
    server = await startPostgresServer();
  } catch (error) {
    if (!ctx) throw error;
    return skipOrFail(ctx, error as Error);
  }
  ctx?.onTestFinished(() => server.cleanup());
  return server;
}

/** For a test that cannot have PostgreSQL: skipped with the reason, or under CI failed with it. */
export function skipOrFail(ctx: TestContext, error: Error): never {
  if (postgresRequired) throw error;
  return ctx.skip(skipNote(error.message));
}

/** Runs one statement on a short-lived connection and returns its rows. */
export async function adminQuery<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a server going away mid-query also rejects the query
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Ends every other session connected to `database`; returns how many. */
export async function terminateBackends(adminUrl: string, database: string): Promise<number> {
  const rows = await adminQuery<{ n: number }>(
    adminUrl,
    'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [database],
  );
  return rows[0]?.n ?? 0;
}

/** `url` pointing at another database on the same server. */
export function databaseUrl(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(database)}`;
  return target.toString();
}
