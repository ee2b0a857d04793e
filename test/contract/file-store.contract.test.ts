import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePort } from '../../src/store/file/file-port.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('file store', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'track-contract-')));
  const { store } = FileStore.init({ cwd: dir });
  return {
    store: new FilePort(store),
    reopen: () => new FilePort(FileStore.open({ cwd: dir })),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
