import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file/file-store.js';

export interface TempProject {
  dir: string;
  root: string;
  store: FileStore;
  cleanup(): void;
}

/** A fresh project directory with an initialised tracks root (`git`: inside a git checkout, a bare `.git` directory); `cleanup` removes it. */
export function tempProject(prefix = 'track-test-', options: { git?: boolean } = {}): TempProject {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  if (options.git) mkdirSync(join(dir, '.git'));
  const { store } = FileStore.init({ cwd: dir });
  return { dir, root: store.root, store, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempDir(prefix = 'track-test-'): { dir: string; cleanup(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
