/** Applying the migrations (`track db migrate`) and checking, on connect, that the schema is the one this build speaks. */
import type { PoolClient } from 'pg';
import { TrackError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { MIGRATIONS, type MigrateResult, SCHEMA_VERSION } from './migrations.js';

/** The version the database's schema is at; 0 when it has none yet. */
export async function schemaVersionOf(client: PoolClient): Promise<number> {
  const exists = await client.query("SELECT to_regclass('track_schema') IS NOT NULL AS present");
  if (!(exists.rows[0] as { present: boolean }).present) return 0;
  const result = await client.query('SELECT coalesce(max(version), 0) AS version FROM track_schema');
  return Number((result.rows[0] as { version: number }).version);
}

/**
 * Refuses a schema this build cannot use: an older one (or none) until `track db migrate`; a newer
 * one only for writing (reads of it still work, a newer build wrote it).
 */
export function assertSchema(version: number, forWriting: boolean): void {
  if (version < SCHEMA_VERSION) {
    throw new TrackError(
      'SCHEMA_MISMATCH',
      version === 0 ? 'the database has no track-manager schema yet' : `the database schema is version ${version}; this track-manager needs ${SCHEMA_VERSION}`,
      hint`${cmd('db migrate')} brings it up to date (it needs a role allowed to create tables)`,
      { schema_version: version, expected: SCHEMA_VERSION },
    );
  }
  if (version > SCHEMA_VERSION && forWriting) {
    throw new TrackError(
      'SCHEMA_MISMATCH',
      `the database schema is version ${version}, newer than this track-manager's ${SCHEMA_VERSION}: it reads but never writes it`,
      'upgrade track-manager (npm install -g track-manager@latest) on this machine',
      { schema_version: version, expected: SCHEMA_VERSION },
    );
  }
}

/**
 * Applies every migration the database lacks, each in its own transaction, one migrator at a time.
 * A database already up to date is left alone: the application's role, which may not create
 * tables, can run it (as `track init --store postgres` does).
 */
export async function migrate(client: PoolClient): Promise<MigrateResult> {
  const current = await schemaVersionOf(client);
  if (current >= SCHEMA_VERSION) {
    assertSchema(current, true);
    return { from: current, to: current, applied: [] };
  }
  await client.query('SELECT pg_advisory_lock(hashtext($1))', ['track-manager migrate']);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS track_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const from = await schemaVersionOf(client);
    if (from > SCHEMA_VERSION) assertSchema(from, true);
    const applied: MigrateResult['applied'] = [];
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO track_schema (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push({ version: migration.version, name: migration.name });
    }
    return { from, to: Math.max(from, SCHEMA_VERSION), applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['track-manager migrate']);
  }
}

/** Registers the project (its tracks live under its id) if it is new. */
export async function ensureProject(client: PoolClient, project: string, at: string): Promise<boolean> {
  const result = await client.query('INSERT INTO track_projects (project, updated_at) VALUES ($1, $2) ON CONFLICT (project) DO NOTHING', [project, at]);
  return (result.rowCount ?? 0) > 0;
}
