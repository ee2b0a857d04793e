import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file/file-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('file store', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'track-contract-')));
  const { store } = FileStore.init({ cwd: dir });
  return {
    store,
    reopen: () => FileStore.open({ cwd: dir }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
