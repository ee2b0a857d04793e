import { uninstallProject } from '../../../features/setup/uninstall-project.js';
import type { Invocation } from '../command.js';
import type { Output } from '../output.js';

/** Undoes `track init [--hooks] [--mcp]`, except the tracks root: that is the user's data. */
export async function uninstall(inv: Invocation): Promise<Output> {
  const r = uninstallProject({ root: inv.global.root });
  const lines = [
    ...r.config.filter((c) => c.action === 'removed').map((c) => `removed ${c.entries.join(', ')} from ${c.file}`),
    ...r.removed_files.map((p) => `removed ${p}`),
    ...(r.kept_root ? [`kept the tracks root ${r.kept_root} (your tracks); delete it yourself if you no longer want them`] : []),
  ];
  return { json: r, human: lines.length ? lines : ['nothing to remove'] };
}
