import { testPgProject } from '../helpers/pg-store.js';
import { describeWithPostgres } from '../helpers/postgres.js';
import { describeStoreContract } from './store-contract.js';

describeWithPostgres('database store', (db) => {
  describeStoreContract('database store', async () => {
    const project = await testPgProject(db().url, 'track-contract-pg-');
    return { store: project.store(), reopen: () => project.store(), cleanup: project.cleanup };
  });
});
