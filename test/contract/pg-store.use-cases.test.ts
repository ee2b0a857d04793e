import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testPgProject } from '../helpers/pg-store.js';
import { describeWithPostgres } from '../helpers/postgres.js';
import { describeUseCases } from './use-case-contract.js';

describeWithPostgres('database store', (db) => {
  describeUseCases('database store', async () => {
    const project = await testPgProject(db().url, 'track-use-cases-pg-');
    return {
      inLane: (lane) => project.store(lane),
      projectFile: (name, text) => {
        writeFileSync(join(project.dir, name), text);
        return join(project.dir, name);
      },
      cleanup: project.cleanup,
    };
  });
});
