import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PreparedChange, prepareHooks, prepareMcpServer } from '../../agents/claude-setup.js';
import { ENTRY_POINTS, entryPointSource } from '../../agents/entry-point.js';
import { atomicWriteFile, ensureDir } from '../../store/atomic-write.js';
import { FileStore } from '../../store/file-store.js';
import { defaultRootFor } from '../../store/paths.js';
import { flag, type Invocation } from '../command.js';
import type { Output } from '../output.js';
import { skillMarkdown } from './skill-text.js';

export const SKILL_DIR = join('.claude', 'skills', 'track-manager');

export async function init(inv: Invocation, binUrl: string): Promise<Output> {
  // The Claude Code config edits are computed first: a file that cannot be parsed refuses init before anything is written.
  const { projectDir } = defaultRootFor({ root: inv.global.root });
  const config: PreparedChange[] = [...(flag(inv, 'hooks') ? [prepareHooks(projectDir)] : []), ...(flag(inv, 'mcp') ? [prepareMcpServer(projectDir)] : [])];
  const { store, created } = FileStore.init({ root: inv.global.root, allowForeignRoot: inv.global.allowForeignRoot });
  const skillDir = join(store.projectDir, SKILL_DIR);
  ensureDir(skillDir, store.projectDir);
  const written: string[] = [];
  for (const name of ENTRY_POINTS) {
    const path = join(skillDir, name);
    atomicWriteFile(path, entryPointSource(name));
    written.push(path);
  }
  const skillPath = join(skillDir, 'SKILL.md');
  atomicWriteFile(skillPath, skillMarkdown());
  written.push(skillPath);
  for (const change of config) change.apply();
  const lines = [
    created ? `created tracks root ${store.root}` : `tracks root ${store.root} already exists (left as it is)`,
    ...written.map((p) => `wrote ${p}`),
    ...config.map(({ change: c }) => (c.action === 'added' ? `added ${c.entries.join(', ')} to ${c.file}` : `${c.file} already has the track-manager entries`)),
    'next: track create --name "…" --goal "…"',
  ];
  return {
    json: {
      root: store.root,
      project_dir: store.projectDir,
      created,
      files: written,
      config: config.map((c) => c.change),
      bin: fileURLToPath(binUrl),
    },
    human: lines,
  };
}
