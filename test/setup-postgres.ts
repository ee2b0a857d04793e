/**
 * Global setup: gives test files a PostgreSQL server. `TRACK_TEST_DATABASE_URL` when set (an admin
 * URL whose role may create databases); otherwise an embedded server, started only when a test
 * first asks for one (runs that need none pay nothing) and stopped with the run.
 */
import type { TestProject } from 'vitest/node';
import { openBroker } from './helpers/postgres-broker.js';
import { sweepOrphans } from './helpers/postgres-orphans.js';

export type PostgresProvision = { kind: 'url'; url: string } | { kind: 'broker'; dir: string };

declare module 'vitest' {
  export interface ProvidedContext {
    trackPostgres: PostgresProvision;
  }
}

export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  const url = process.env.TRACK_TEST_DATABASE_URL;
  if (url) {
    project.provide('trackPostgres', { kind: 'url', url });
    return undefined;
  }
  sweepOrphans();
  const broker = openBroker();
  project.provide('trackPostgres', { kind: 'broker', dir: broker.dir });
  return broker.close;
}
