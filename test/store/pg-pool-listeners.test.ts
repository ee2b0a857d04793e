import { expect, it } from 'vitest';
import { testPgProject } from '../helpers/pg-store.js';
import { describeWithPostgres } from '../helpers/postgres.js';

/** A store that lives long (a watch, a server) checks the same pooled connection out again and again. */
describeWithPostgres('a long-lived database store', (db) => {
  it('leaves nothing behind on a pooled connection however often it reads', async () => {
    const project = await testPgProject(db().url, 'track-pg-listeners-');
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(`${warning.name}: ${warning.message}`);
    };
    process.on('warning', onWarning);
    try {
      const store = project.store();
      for (let i = 0; i < 30; i++) await store.read((reader) => reader.head());
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await project.cleanup();
    }
  });
});
