/**
 * The one module that loads the PostgreSQL driver: imported only when a database store first
 * connects (or a watch first listens), so the file store's commands never load it.
 */
import './navigator-shim.js';
import pg from 'pg';
import { removeNavigatorShim } from './navigator-shim.js';

removeNavigatorShim();

export const { Pool, Client } = pg;
