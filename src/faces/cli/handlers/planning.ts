import type { TrackConflict } from '../../../features/tracks/conflicts.js';
import { findConflicts } from '../../../features/tracks/conflicts.js';
import { aggregateProgress, type TreeNode, trackTree } from '../../../features/tracks/hierarchy.js';
import type { ListFilter } from '../../../features/tracks/queries.js';
import type { Invocation } from '../command.js';
import { trackIdArg } from '../command.js';
import type { Output } from '../output.js';
import { dim, yellow } from '../output.js';
import { statusText } from '../render.js';
import { openStore } from './open-store.js';

export function conflictLines(conflicts: TrackConflict[]): string[] {
  return conflicts.flatMap((c) => [
    yellow(`conflict: ${c.tracks[0]} and ${c.tracks[1]} target overlapping paths`),
    ...c.overlaps.map((o) => `  ${o.patterns[0]}  ∩  ${o.patterns[1]}  ${dim(`e.g. ${o.example_path}`)}`),
  ]);
}

export async function conflicts(inv: Invocation): Promise<Output> {
  const found = await findConflicts(openStore(inv.global), { track_id: trackIdArg(inv) });
  return { json: { conflicts: found }, human: found.length ? conflictLines(found) : ['no conflicts between open tracks'] };
}

export async function progress(inv: Invocation): Promise<Output> {
  const p = await aggregateProgress(openStore(inv.global), { track_id: trackIdArg(inv) });
  return { json: p, human: [`${p.track_id}: ${p.completed_units}/${p.total_units} units done (${p.percentage}%) over ${p.tracks} track(s)`] };
}

function treeLines(nodes: TreeNode[], prefix: string, top: boolean): string[] {
  return nodes.flatMap((node, i) => {
    const last = i === nodes.length - 1;
    const s = node.track;
    const connector = top ? '' : last ? '└─ ' : '├─ ';
    const line = `${prefix}${connector}${s.track_id} ${statusText(s.status)} ${s.priority} ${dim(`${node.progress.percentage}%`)} ${s.name}`;
    return [line, ...treeLines(node.children, top ? prefix : `${prefix}${last ? '   ' : '│  '}`, false)];
  });
}

/** `track list --tree`: the listed tracks drawn as their parent/child hierarchy with aggregated progress. */
export async function tree(inv: Invocation, filter: ListFilter): Promise<Output> {
  const roots = await trackTree(openStore(inv.global), filter);
  return { json: { tree: roots }, human: roots.length ? treeLines(roots, '', true) : [dim('no tracks')] };
}
