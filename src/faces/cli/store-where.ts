import type { FileStore } from '../../store/file/file-store.js';
import { serverOf } from '../../store/postgres/connection.js';
import { PgStore } from '../../store/postgres/pg-store.js';

/** Where a store is, for a person: its tracks root, or its project in the database (the URL without its password). */
export const storeWhere = (store: FileStore | PgStore): string =>
  store instanceof PgStore ? `project '${store.project}' in the database at ${serverOf(store.target.url)}` : store.root;
