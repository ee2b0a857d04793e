import { ValidationError } from '../../../core/errors.js';
import { PgStore } from '../../../store/postgres/pg-store.js';
import type { Invocation } from '../command.js';
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
