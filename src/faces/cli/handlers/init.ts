import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellWord } from '../../../core/face-commands.js';
import { type PreparedChange, prepareHooks, prepareMcpServer } from '../../../features/setup/claude-setup.js';
import { ENTRY_POINTS, entryPointSource } from '../../../features/setup/entry-point.js';
import { skillMarkdown } from '../../../features/setup/skill-text.js';
import { atomicWriteFile, ensureDir } from '../../../store/file/atomic-write.js';
import { FileStore } from '../../../store/file/file-store.js';
import { defaultRootFor, type InitPlacement, ROOT_ENV, ROOT_SUBPATH, rootAbove } from '../../../store/file/paths.js';
import { flag, type Invocation } from '../command.js';
import type { Output } from '../output.js';

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

/**
 * A root given by --root or TRACK_MANAGER_ROOT that walking up from the project does not find:
 * every later command must be told where it is, so say so and print next steps that work.
 */
function undiscoverable(root: string, projectDir: string, byOption: boolean): { lines: string[]; next: string } | undefined {
  const found = rootAbove(projectDir);
  const same = (a: string, b: string) => realpathSync(a) === realpathSync(b);
  if (found && same(found.root, root)) return undefined;
  const instead = found ? `it finds ${found.root} instead` : 'it finds none';
  const word = shellWord(root);
  const lines = [
    `note: commands do not find this tracks root by themselves: they look for ${ROOT_SUBPATH} in the working directory and above, and from ${projectDir} ${instead}`,
    `  name it in every command (track list --root ${word}), or export ${ROOT_ENV}=${word} where track, the skill entry points and the hooks run`,
  ];
  // Set through the environment, it is found as long as the variable stays set.
  return { lines, next: byOption ? `track create --root ${word} --name "…" --goal "…"` : 'track create --name "…" --goal "…"' };
}

/** Writes `content` unless the file already holds exactly it (then a second `init` says unchanged); true when written. */
function writeIfChanged(path: string, content: string): boolean {
  try {
    const stats = lstatSync(path);
    if (stats.isFile() && stats.size === Buffer.byteLength(content) && readFileSync(path, 'utf8') === content) return false;
  } catch {
    // missing or unreadable: write it
  }
  atomicWriteFile(path, content);
  return true;
}

export async function init(inv: Invocation, binUrl: string): Promise<Output> {
  // The Claude Code config edits are computed first: a file that cannot be parsed refuses init before anything is written.
  const { root, projectDir, placement } = defaultRootFor({ root: inv.global.root });
  const config: PreparedChange[] = [...(flag(inv, 'hooks') ? [prepareHooks(projectDir)] : []), ...(flag(inv, 'mcp') ? [prepareMcpServer(projectDir)] : [])];
  const { store, created } = FileStore.init({ root, allowForeignRoot: inv.global.allowForeignRoot });
  const skillDir = join(store.projectDir, SKILL_DIR);
  ensureDir(skillDir, store.projectDir);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const name of ENTRY_POINTS) {
    const path = join(skillDir, name);
    (writeIfChanged(path, entryPointSource(name)) ? written : unchanged).push(path);
  }
  const skillPath = join(skillDir, 'SKILL.md');
  (writeIfChanged(skillPath, skillMarkdown()) ? written : unchanged).push(skillPath);
  for (const change of config) change.apply();
  const hidden = placement === 'explicit' ? undiscoverable(store.root, store.projectDir, inv.global.root !== undefined) : undefined;
  const lines = [
    ...placementLine(placement, store.projectDir),
    created ? `created tracks root ${store.root}` : `tracks root ${store.root} already exists (left as it is)`,
    ...written.map((p) => `wrote ${p}`),
    ...unchanged.map((p) => `unchanged ${p}`),
    ...config.map(({ change: c }) =>
      c.action === 'added' ? `added ${c.entries.join(', ')} to ${c.file}` : `unchanged ${c.file} (its track-manager entries are there)`,
    ),
    ...(hidden?.lines ?? []),
    `next: ${hidden?.next ?? 'track create --name "…" --goal "…"'}`,
  ];
  return {
    json: {
      root: store.root,
      project_dir: store.projectDir,
      placement,
      discoverable: hidden === undefined,
      created,
      files: written,
      unchanged,
      config: config.map((c) => c.change),
      bin: fileURLToPath(binUrl),
    },
    human: lines,
  };
}
