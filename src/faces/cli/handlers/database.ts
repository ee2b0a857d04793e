import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TrackError, ValidationError } from '../../../core/errors.js';
import { cmd, hint } from '../../../core/hint.js';
import { DEFAULT_LANE } from '../../../core/lanes.js';
import { copyStore } from '../../../features/store-copy/copy-store.js';
import { FileStore } from '../../../store/file/file-store.js';
import { ROOT_SUBPATH } from '../../../store/file/paths.js';
import { redactUrl } from '../../../store/postgres/connection.js';
import { SCHEMA_VERSION } from '../../../store/postgres/migrations.js';
import { PgStore } from '../../../store/postgres/pg-store.js';
import { databaseTarget } from '../../../store/postgres/store-config.js';
import { type Invocation, str } from '../command.js';
import type { Output } from '../output.js';
import { openStore } from './open-store.js';

/** The project's database store; a project that keeps its tracks in files has none. */
function databaseStore(inv: Invocation): PgStore {
  const store = openStore(inv.global);
  if (store instanceof PgStore) return store;
  throw new ValidationError(
    `this project keeps its tracks in files (${store.root}): there is no database`,
    'set TRACK_DATABASE_URL or pass --database-url; track init --store postgres sets a project up',
  );
}

export async function dbMigrate(inv: Invocation): Promise<Output> {
  const store = databaseStore(inv);
  try {
    const r = await store.migrate();
    const human = [
      r.applied.length ? r.applied.map((m) => `applied migration ${m.version}: ${m.name}`).join('\n') : `schema already at version ${r.to}`,
      ...(r.project_created ? [`registered project '${store.project}'`] : []),
    ];
    return { json: { ...r, project: store.project }, human };
  } finally {
    await store.close();
  }
}

const isDatabaseUrl = (spec: string): boolean => /^postgres(ql)?:\/\//i.test(spec);

/** A store named on the command line: a PostgreSQL URL, or a tracks root (or a project holding one). */
function storeNamed(inv: Invocation, spec: string, role: 'from' | 'to'): { store: FileStore | PgStore; label: string } {
  if (isDatabaseUrl(spec)) {
    const target = databaseTarget({ databaseUrl: spec, project: inv.global.project });
    if (!target) throw new ValidationError(`--${role} ${redactUrl(spec)} names no database`, 'pass a postgres:// URL');
    return { store: new PgStore(target, { id: DEFAULT_LANE, worktree: target.projectDir }), label: `${redactUrl(spec)} (project ${target.project})` };
  }
  const path = resolve(spec);
  const root = existsSync(join(path, ROOT_SUBPATH)) ? join(path, ROOT_SUBPATH) : path;
  if (role === 'from') return { store: FileStore.open({ root, allowForeignRoot: inv.global.allowForeignRoot }), label: root };
  return { store: FileStore.init({ root, allowForeignRoot: inv.global.allowForeignRoot }).store, label: root };
}

function endpoint(inv: Invocation, role: 'from' | 'to'): string {
  const spec = str(inv, role);
  if (spec) return spec;
  throw new ValidationError(`track db copy needs --${role}`, 'track db copy --from <tracks root | postgres://…> --to <tracks root | postgres://…>');
}

/**
 * A database named by --from or --to must speak this schema. Its `track db migrate` hint names it:
 * the plain command would migrate the project's own database, not this one.
 */
async function checkSchema(store: PgStore, forWriting: boolean): Promise<void> {
  try {
    await store.checkSchema(forWriting);
  } catch (error) {
    const older = error instanceof TrackError && error.code === 'SCHEMA_MISMATCH' && Number(error.details?.schema_version) < SCHEMA_VERSION;
    if (!older) throw error;
    const target = { database_url: redactUrl(store.target.url), project: store.project };
    throw new TrackError(
      'SCHEMA_MISMATCH',
      error.message,
      hint`${cmd('db migrate', target)} brings it up to date (it needs a role allowed to create tables)`,
      error.details,
    );
  }
}

export async function dbCopy(inv: Invocation): Promise<Output> {
  const from = storeNamed(inv, endpoint(inv, 'from'), 'from');
  const to = storeNamed(inv, endpoint(inv, 'to'), 'to');
  try {
    for (const [s, forWriting] of [
      [from.store, false],
      [to.store, true],
    ] as const) {
      if (s instanceof PgStore) await checkSchema(s, forWriting);
    }
    if (to.store instanceof PgStore) await to.store.register();
    const r = await copyStore(from.store, to.store);
    const human = [
      `copied ${r.tracks} track(s) (${r.active} active) from ${from.label} to ${to.label}`,
      `  ${r.checkpoints} checkpoint(s), ${r.context} context document(s), ${r.objects} object(s), ${r.runs} run(s) and ${r.run_files} run file(s); ${r.bytes} bytes`,
      'verified: every document reads back from the target with the same bytes',
    ];
    return { json: { ...r, from: from.label, to: to.label }, human };
  } finally {
    for (const s of [from.store, to.store]) if (s instanceof PgStore) await s.close();
  }
}
