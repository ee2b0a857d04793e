import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file/file-store.js';

export interface TempProject {
  dir: string;
  root: string;
  store: FileStore;
  cleanup(): void;
}

/** A fresh project directory with an initialised tracks root; `cleanup` removes it. */
export function tempProject(prefix = 'track-test-'): TempProject {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const { store } = FileStore.init({ cwd: dir });
  return { dir, root: store.root, store, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempDir(prefix = 'track-test-'): { dir: string; cleanup(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
