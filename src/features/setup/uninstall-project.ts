/** `uninstall`: undoes `init` except the tracks root, which is the user's data. */
import { dirname, join } from 'node:path';
import { RootNotFoundError } from '../../core/errors.js';
import { unlinkQuietly } from '../../store/file/atomic-write.js';
import { io, isErrno } from '../../store/file/fs-seam.js';
import { discoverRoot, safeJoin } from '../../store/file/paths.js';
import { removeMergeDriver } from '../git/merge-setup.js';
import { type FileChange, prepareHooksRemoval, prepareMcpServerRemoval } from './claude-setup.js';
import { ENTRY_POINTS } from './entry-point.js';
import { SKILL_DIR } from './init-project.js';

export interface UninstallInput {
  /** The tracks root whose project is set up (default: found above the working directory). */
  root?: string | undefined;
}

export interface UninstallResult {
  project_dir: string;
  config: FileChange[];
  removed_files: string[];
  /** The tracks root left in place (null when there is none). */
  kept_root: string | null;
}

function projectOf(input: UninstallInput): { projectDir: string; root: string | null } {
  try {
    const { projectDir, root } = discoverRoot({ root: input.root });
    return { projectDir, root };
  } catch (error) {
    if (error instanceof RootNotFoundError) return { projectDir: process.cwd(), root: null };
    throw error;
  }
}

const exists = (path: string): boolean => {
  try {
    io.lstatSync(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
};

/** Removes a folder if nothing is in it (another skill's files, or the user's, keep it). */
function removeIfEmpty(dir: string): void {
  try {
    io.rmdirSync(dir);
  } catch (error) {
    if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTEMPTY') && !isErrno(error, 'EEXIST')) throw error;
  }
}

/** Removes the skill files `init` wrote, their folder, and `.claude/skills` when nothing else is in them. */
function removeSkillFiles(projectDir: string): string[] {
  const dir = safeJoin(projectDir, ...SKILL_DIR.split('/'));
  const removed = [...ENTRY_POINTS, 'SKILL.md'].map((name) => join(dir, name)).filter(exists);
  for (const path of removed) unlinkQuietly(path);
  removeIfEmpty(dir);
  removeIfEmpty(dirname(dir));
  return removed;
}

export function uninstallProject(input: UninstallInput = {}): UninstallResult {
  const { projectDir, root } = projectOf(input);
  const config = [prepareHooksRemoval(projectDir), prepareMcpServerRemoval(projectDir)];
  for (const change of config) change.apply();
  return {
    project_dir: projectDir,
    config: [...config.map((c) => c.change), ...removeMergeDriver(root, projectDir)],
    removed_files: removeSkillFiles(projectDir),
    kept_root: root,
  };
}
