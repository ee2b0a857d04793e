import { relative } from 'node:path';
import { listLanes } from '../../../features/lanes/lanes.js';
import type { Invocation } from '../command.js';
import type { Output } from '../output.js';
import { openStore } from './open-store.js';

/** A path as a person in this directory would type it: relative when shorter. */
function shortPath(path: string | null): string {
  if (!path) return '-';
  const rel = relative(process.cwd(), path) || '.';
  return rel.length < path.length ? rel : path;
}

function ago(at: string | null, now: number): string {
  if (!at) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (s < 90) return `${s}s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

export async function lanes(inv: Invocation): Promise<Output> {
  const views = await listLanes(openStore(inv.global));
  const now = Date.now();
  const rows = views.map((v) => [
    `${v.current ? '*' : ' '} ${v.lane}${v.clone ? `@${v.clone}` : ''}`,
    v.worktree_exists ? shortPath(v.worktree) : `${shortPath(v.worktree)} (gone)`,
    v.branch ?? '-',
    v.active_track_id ?? '-',
    v.current_step_id ?? '-',
    v.progress ? `${v.progress.completed_steps}/${v.progress.total_steps}` : '-',
    ago(v.last_activity, now),
  ]);
  const header = ['  LANE', 'WORKTREE', 'BRANCH', 'TRACK', 'STEP', 'DONE', 'ACTIVE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const stale = views.filter((v) => !v.worktree_exists).length;
  return {
    json: { lanes: views },
    human: [
      line(header),
      ...rows.map(line),
      ...(stale ? [`${stale} lane(s) whose worktree is gone: 'track doctor --fix' pauses and releases their tracks`] : []),
      ...(views.some((v) => v.clone) ? ['lane@clone: a lane of another clone of this repository holds that track (merged in through git)'] : []),
    ],
  };
}
