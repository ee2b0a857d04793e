import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PreparedChange, prepareHooks, prepareMcpServer } from '../../agents/claude-setup.js';
import { ENTRY_POINTS, entryPointSource } from '../../agents/entry-point.js';
import { atomicWriteFile, ensureDir } from '../../store/atomic-write.js';
import { FileStore } from '../../store/file-store.js';
import { defaultRootFor, type InitPlacement } from '../../store/paths.js';
import { flag, type Invocation } from '../command.js';
import type { Output } from '../output.js';
import { skillMarkdown } from './skill-text.js';

export const SKILL_DIR = join('.claude', 'skills', 'track-manager');

/** Says why init works somewhere other than the working directory. */
function placementLine(placement: InitPlacement, projectDir: string): string[] {
  const from = relative(projectDir, process.cwd());
  const other = 'pass --root to choose another place';
  if (placement === 'repository')
    return [`working at the repository's top level ${projectDir} (you are in ${from}): Claude Code reads .claude/ there; ${other}`];
  if (placement === 'found-above') return [`using the tracks root found above, in ${projectDir} (you are in ${from}); ${other}`];
  return [];
}

export async function init(inv: Invocation, binUrl: string): Promise<Output> {
  // The Claude Code config edits are computed first: a file that cannot be parsed refuses init before anything is written.
  const { root, projectDir, placement } = defaultRootFor({ root: inv.global.root });
  const config: PreparedChange[] = [...(flag(inv, 'hooks') ? [prepareHooks(projectDir)] : []), ...(flag(inv, 'mcp') ? [prepareMcpServer(projectDir)] : [])];
  const { store, created } = FileStore.init({ root, allowForeignRoot: inv.global.allowForeignRoot });
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
    ...placementLine(placement, store.projectDir),
    created ? `created tracks root ${store.root}` : `tracks root ${store.root} already exists (left as it is)`,
    ...written.map((p) => `wrote ${p}`),
    ...config.map(({ change: c }) => (c.action === 'added' ? `added ${c.entries.join(', ')} to ${c.file}` : `${c.file} already has the track-manager entries`)),
    'next: track create --name "…" --goal "…"',
  ];
  return {
    json: {
      root: store.root,
      project_dir: store.projectDir,
      placement,
      created,
      files: written,
      config: config.map((c) => c.change),
      bin: fileURLToPath(binUrl),
    },
    human: lines,
  };
}
