import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file/file-store.js';
import { describeUseCases } from './use-case-contract.js';

describeUseCases('file store', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'track-use-cases-')));
  FileStore.init({ cwd: dir });
  return {
    inLane: (lane) => FileStore.open({ cwd: dir, lane }),
    projectFile: (name, text) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
