/**
 * The one module that loads the PostgreSQL driver: imported only when a database store first
 * connects (or a watch first listens), so the file store's commands never load it.
 */
import pg from 'pg';

export const { Pool, Client } = pg;
