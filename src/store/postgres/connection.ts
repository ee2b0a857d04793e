/**
 * Connections to the database: the driver loaded only when a database store is used, a small pool
 * with connect and statement timeouts, and every driver error turned into a typed one with a hint.
 */
import type { Pool, PoolConfig } from 'pg';
import { PermissionError, TrackError, ValidationError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';

export const CONNECT_TIMEOUT_ENV = 'TRACK_DB_CONNECT_TIMEOUT_MS';
export const STATEMENT_TIMEOUT_ENV = 'TRACK_DB_STATEMENT_TIMEOUT_MS';
export const LOCK_TIMEOUT_ENV = 'TRACK_DB_LOCK_TIMEOUT_MS';
export const POOL_SIZE_ENV = 'TRACK_DB_POOL_SIZE';

export interface ConnectionSettings {
  /** Give up connecting (or waiting for a free pooled connection) after this long. */
  connectTimeoutMs: number;
  /** The server cancels a statement that runs longer. */
  statementTimeoutMs: number;
  /** A writer waits this long for another writer of the project before LOCK_TIMEOUT. */
  lockTimeoutMs: number;
  poolSize: number;
}

function positiveFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new TrackError('VALIDATION', `${name} must be a positive whole number, not '${raw.slice(0, 40)}'`, `unset ${name} or set it to e.g. 5000`);
  return n;
}

export function connectionSettings(): ConnectionSettings {
  return {
    connectTimeoutMs: positiveFromEnv(CONNECT_TIMEOUT_ENV, 5_000),
    statementTimeoutMs: positiveFromEnv(STATEMENT_TIMEOUT_ENV, 15_000),
    lockTimeoutMs: positiveFromEnv(LOCK_TIMEOUT_ENV, 10_000),
    poolSize: positiveFromEnv(POOL_SIZE_ENV, 4),
  };
}

/** The URL with its password (and any `password=` parameter) replaced: the only form that is ever printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return '<a database URL that does not parse>';
  }
}

/** Where the server is, for messages: host and port only. */
export function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'the database server';
  }
}

/** A pool that lets the process exit when idle; the driver is loaded here, on first use. */
export async function createPool(url: string, settings: ConnectionSettings): Promise<Pool> {
  const { Pool } = await import('./driver.js');
  const config: PoolConfig = {
    connectionString: url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: 1_000,
    allowExitOnIdle: true,
    statement_timeout: settings.statementTimeoutMs,
    query_timeout: settings.statementTimeoutMs + settings.connectTimeoutMs,
    application_name: 'track-manager',
  };
  const pool = new Pool(config);
  // A connection the server drops (a restart, a terminated session) must not crash the process: its
  // pending query fails and the pool replaces it. One listener per connection, added when it is made.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

interface DriverError {
  code?: string;
  message: string;
  constraint?: string;
}

const driverError = (error: unknown): DriverError => (error instanceof Error ? (error as Error & DriverError) : { message: String(error) });

/** SQLSTATE classes and socket codes that mean the connection (not the request) failed. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);

/** True when the failure was the connection's: the statement may not have reached the server, or its answer was lost. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof TrackError) return false; // already judged, and given up on
  const { code, message } = driverError(error);
  if (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|not queryable/i.test(
    message,
  );
}

/** True for what the driver or the server raised (a SQLSTATE or a socket error), not for an error of the caller's own code. */
export function isDriverError(error: unknown): boolean {
  const { code } = driverError(error);
  return (typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || /^E[A-Z]+$/.test(code))) || isConnectionFailure(error);
}

/** What a store operation throws: a driver error as a typed one, anything else as it was. */
export const rethrowable = (error: unknown, url: string): unknown => (isDriverError(error) ? databaseError(error, url) : error);

/** A conflict the server resolved by aborting this transaction: running it again is safe. */
export const isRetryableConflict = (error: unknown): boolean => ['40001', '40P01'].includes(driverError(error).code ?? '');

/** A deferred rule of the schema refused the commit (see migrations.ts). */
export const isRuleViolation = (error: unknown): boolean => ['23505', '23503', '23514'].includes(driverError(error).code ?? '');

/** The driver's error as a TrackError the faces print: what happened, where, and what to do. */
export function databaseError(error: unknown, url: string): TrackError {
  if (error instanceof TrackError) return error;
  const { code, message } = driverError(error);
  const server = serverOf(url);
  if (code === 'ERR_INVALID_URL') {
    return new ValidationError(
      'the database URL does not parse as postgres://USER@HOST:PORT/DATABASE',
      'fix it where it is set (--database-url, TRACK_DATABASE_URL or the variable store.json names); a password holding @ : / ? # % must be percent-encoded, or kept in ~/.pgpass or PGPASSWORD',
    );
  }
  if (code === '55P03') {
    const waited = connectionSettings().lockTimeoutMs;
    return new TrackError(
      'LOCK_TIMEOUT',
      `another track command kept writing this project in the database at ${server}; gave up waiting after ${waited} ms: nothing was changed`,
      `retry when it finishes, or raise ${LOCK_TIMEOUT_ENV} (now ${waited} ms); a session holding it for long shows as 'idle in transaction' in pg_stat_activity`,
      { server },
    );
  }
  if (/timeout exceeded when trying to connect/.test(message)) {
    const { poolSize, connectTimeoutMs } = connectionSettings();
    return new TrackError(
      'DATABASE_UNAVAILABLE',
      `all ${poolSize} of this process's connections to the database at ${server} stayed in use for ${connectTimeoutMs} ms: nothing was changed`,
      `raise ${POOL_SIZE_ENV} (now ${poolSize}) or run fewer operations at once in this process`,
      { server },
    );
  }
  if (code === '57014') {
    return new TrackError(
      'DATABASE_UNAVAILABLE',
      `the database at ${server} did not answer in time (statement timeout): nothing was changed`,
      `retry; if the server is busy, raise ${STATEMENT_TIMEOUT_ENV} (now ${connectionSettings().statementTimeoutMs} ms)`,
      { server },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new TrackError(
      'DATABASE_UNAVAILABLE',
      `the database at ${server} refused the login: ${message}`,
      'check the user and password in the database URL (the environment variable store.json names)',
      { server },
    );
  }
  if (code === '3D000') {
    return new TrackError('DATABASE_UNAVAILABLE', `${message} at ${server}`, 'create it (createdb <name>) or fix the database name in the URL', { server });
  }
  if (code === '42501')
    return new PermissionError(`the database refused: ${message}`, 'grant the role the privileges docs/postgres.md lists, or use a role that has them');
  if (code === '42P01') {
    return new TrackError('SCHEMA_MISMATCH', `the database at ${server} has no track-manager schema yet`, hint`${cmd('db migrate')} creates it`, { server });
  }
  if (isConnectionFailure(error)) {
    return new TrackError(
      'DATABASE_UNAVAILABLE',
      `cannot reach the database at ${server}: ${message.split('\n')[0]}`,
      `check that the server is running and the URL is right, then retry (connect timeout: ${CONNECT_TIMEOUT_ENV}, now ${connectionSettings().connectTimeoutMs} ms)`,
      { server },
    );
  }
  return new TrackError(
    'INTERNAL',
    `the database failed: ${message.split('\n')[0]}${code ? ` (SQLSTATE ${code})` : ''}`,
    'this is a bug in track-manager; please report it (nothing was written)',
    {
      server,
      ...(code ? { sqlstate: code } : {}),
    },
  );
}

/** The connection was lost while COMMIT was on its way, and the database could not be asked afterwards whether it committed. */
export function commitInDoubt(error: unknown, url: string): TrackError {
  const server = serverOf(url);
  return new TrackError(
    'DATABASE_UNAVAILABLE',
    `lost the connection to the database at ${server} while committing, and could not ask it afterwards whether the change was made (${databaseError(error, url).message})`,
    'once the server answers again, look (e.g. track show) before doing it again: the change may have been made',
    { server, in_doubt: true },
  );
}

/** `track db migrate` (or init) with a role that may not create tables. */
export function migratePermission(error: unknown, url: string): PermissionError {
  return new PermissionError(
    `track db migrate needs a role that may create tables in the database at ${serverOf(url)}: ${driverError(error).message}`,
    'run it with the URL of the database owner (or a role with CREATE on the schema); everyday commands need only the grants docs/postgres.md lists',
  );
}
