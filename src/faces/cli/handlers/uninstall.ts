import { join } from 'node:path';
import { RootNotFoundError } from '../../../core/errors.js';
import { prepareHooksRemoval, prepareMcpServerRemoval } from '../../../features/setup/claude-setup.js';
import { ENTRY_POINTS } from '../../../features/setup/entry-point.js';
import { unlinkQuietly } from '../../../store/file/atomic-write.js';
import { io, isErrno } from '../../../store/file/fs-seam.js';
import { discoverRoot, safeJoin } from '../../../store/file/paths.js';
import type { Invocation } from '../command.js';
import type { Output } from '../output.js';
import { SKILL_DIR } from './init.js';

function projectDirOf(inv: Invocation): { projectDir: string; root: string | null } {
  try {
    const { projectDir, root } = discoverRoot({ root: inv.global.root });
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

/** Removes the skill files `init` wrote, and their folder if nothing else is in it. */
function removeSkillFiles(projectDir: string): string[] {
  const dir = safeJoin(projectDir, ...SKILL_DIR.split('/'));
  const removed = [...ENTRY_POINTS, 'SKILL.md'].map((name) => join(dir, name)).filter(exists);
  for (const path of removed) unlinkQuietly(path);
  try {
    io.rmdirSync(dir);
  } catch (error) {
    if (!isErrno(error, 'ENOENT') && !isErrno(error, 'ENOTEMPTY') && !isErrno(error, 'EEXIST')) throw error;
  }
  return removed;
}

/** Undoes `track init [--hooks] [--mcp]`, except the tracks root: that is the user's data. */
export async function uninstall(inv: Invocation): Promise<Output> {
  const { projectDir, root } = projectDirOf(inv);
  const config = [prepareHooksRemoval(projectDir), prepareMcpServerRemoval(projectDir)];
  for (const change of config) change.apply();
  const removed = removeSkillFiles(projectDir);
  const lines = [
    ...config.filter((c) => c.change.action === 'removed').map(({ change: c }) => `removed ${c.entries.join(', ')} from ${c.file}`),
    ...removed.map((p) => `removed ${p}`),
    ...(root ? [`kept the tracks root ${root} (your tracks); delete it yourself if you no longer want them`] : []),
  ];
  return {
    json: { project_dir: projectDir, config: config.map((c) => c.change), removed_files: removed, kept_root: root },
    human: lines.length ? lines : ['nothing to remove'],
  };
}
