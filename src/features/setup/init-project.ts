/** `init`: a tracks root, the skill's entry points and SKILL.md, and (asked for) Claude Code hooks and the MCP server. */
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile, ensureDir } from '../../store/file/atomic-write.js';
import { FileStore } from '../../store/file/file-store.js';
import { GITIGNORE_FILE, writeLocalIgnore } from '../../store/file/local-files.js';
import { defaultRootFor, type InitPlacement, rootAbove } from '../../store/file/paths.js';
import { setUpMergeDriver } from '../git/merge-setup.js';
import { type FileChange, type PreparedChange, prepareHooks, prepareMcpServer } from './claude-setup.js';
import { ENTRY_POINTS, entryPointSource } from './entry-point.js';
import { skillMarkdown } from './skill-text.js';

export const SKILL_DIR = join('.claude', 'skills', 'track-manager');

export interface InitInput {
  /** The tracks root (default: found above the working directory, else at the repository's top level). */
  root?: string | undefined;
  allowForeignRoot?: boolean | undefined;
  /** Add the SessionStart and PreCompact hooks to `.claude/settings.json`. */
  hooks?: boolean | undefined;
  /** Add the MCP server to `.mcp.json`. */
  mcp?: boolean | undefined;
}

export interface InitResult {
  root: string;
  project_dir: string;
  /** Why the root is where it is: given, found above, the repository's top level, or the working directory. */
  placement: InitPlacement;
  /** False when walking up from the project does not find this root: every command must name it (`--root`, TRACK_MANAGER_ROOT). */
  discoverable: boolean;
  /** With `discoverable` false: the root that walking up finds instead, or null. */
  found_instead: string | null;
  created: boolean;
  /** Files written (new or changed). */
  files: string[];
  /** Files that already held exactly what init writes. */
  unchanged: string[];
  config: FileChange[];
}

/** Writes `content` unless the file already holds exactly it; true when written. */
export function writeIfChanged(path: string, content: string): boolean {
  try {
    const stats = lstatSync(path);
    if (stats.isFile() && stats.size === Buffer.byteLength(content) && readFileSync(path, 'utf8') === content) return false;
  } catch {
    // missing or unreadable: write it
  }
  atomicWriteFile(path, content);
  return true;
}

/** Writes the skill's entry points and SKILL.md into the project, sorting the paths into `files` (written) and `unchanged`; returns the skill's folder. */
export function writeSkill(projectDir: string, files: string[], unchanged: string[]): string {
  const skillDir = join(projectDir, SKILL_DIR);
  ensureDir(skillDir, projectDir);
  for (const name of ENTRY_POINTS) {
    const path = join(skillDir, name);
    (writeIfChanged(path, entryPointSource(name)) ? files : unchanged).push(path);
  }
  const skillPath = join(skillDir, 'SKILL.md');
  (writeIfChanged(skillPath, skillMarkdown()) ? files : unchanged).push(skillPath);
  return skillDir;
}

/** The root that discovery from the project finds, when it is not `root` (null: it finds this one). */
function foundInstead(root: string, projectDir: string): { found: string | null } | null {
  const found = rootAbove(projectDir);
  if (found && realpathSync(found.root) === realpathSync(root)) return null;
  return { found: found?.root ?? null };
}

/** Sets a project up; a second run changes nothing and says so. The Claude Code config is parsed before anything is written. */
export function initProject(input: InitInput = {}): InitResult {
  const { root, projectDir, placement } = defaultRootFor({ root: input.root });
  const config: PreparedChange[] = [...(input.hooks ? [prepareHooks(projectDir)] : []), ...(input.mcp ? [prepareMcpServer(projectDir)] : [])];
  const { store, created } = FileStore.init({ root, allowForeignRoot: input.allowForeignRoot });
  const files: string[] = [];
  const unchanged: string[] = [];
  const ignore = join(store.root, GITIGNORE_FILE);
  (writeLocalIgnore(store.root) ? files : unchanged).push(ignore);
  const skillDir = writeSkill(store.projectDir, files, unchanged);
  for (const change of config) change.apply();
  const hidden = placement === 'explicit' ? foundInstead(store.root, store.projectDir) : null;
  return {
    root: store.root,
    project_dir: store.projectDir,
    placement,
    discoverable: hidden === null,
    found_instead: hidden?.found ?? null,
    created,
    files,
    unchanged,
    config: [...config.map((c) => c.change), ...setUpMergeDriver(store.root, join(skillDir, 'track-cli.mjs'))],
  };
}
