import { heldByOtherClone, laneOfTrack } from '../../core/lane-pointers.js';
import type { HistoryEntry, Track, TrackSummary } from '../../core/schema.js';
import type { TransitionResult } from '../../features/tracks/lifecycle.js';
import { bold, cyan, dim, green, red, yellow } from './output.js';

const STATUS_COLOUR: Record<string, (s: string) => string> = {
  active: green,
  paused: yellow,
  failed: red,
  cancelled: dim,
  archived: dim,
  completed: cyan,
};

export const statusText = (status: string): string => (STATUS_COLOUR[status] ?? ((s: string) => s))(status);

export function summaryLine(s: TrackSummary, clone?: string): string {
  const elsewhere = s.status === 'active' && heldByOtherClone(s, clone) ? dim(`  (held by lane ${laneOfTrack(s)} of clone ${s.clone})`) : '';
  return `${s.track_id.padEnd(36)} ${statusText(s.status.padEnd(9))} ${s.priority}  ${s.type.padEnd(13)} ${s.name}${elsewhere}`;
}

/** `clone`: this clone's id, so that a track another clone holds (merged in through git) says so. */
export function summaryTable(summaries: TrackSummary[], clone?: string): string[] {
  if (!summaries.length) return [dim('no tracks')];
  return [dim(`${'TRACK'.padEnd(36)} ${'STATUS'.padEnd(9)} PRI TYPE          NAME`), ...summaries.map((s) => summaryLine(s, clone))];
}

export function trackDetails(t: Track): string[] {
  const lines = [
    `${bold(t.name)} ${dim(`(${t.track_id})`)}`,
    `  status    ${statusText(t.status)}   priority ${t.priority}   type ${t.type}`,
    `  goal      ${t.context.goal}`,
  ];
  if (t.description) lines.push(`  about     ${t.description}`);
  for (const c of t.context.success_criteria) lines.push(`  criterion ${c}`);
  if (t.tags.length) lines.push(`  tags      ${t.tags.join(', ')}`);
  if (t.parent_track_id) lines.push(`  parent    ${t.parent_track_id}`);
  const p = t.progress;
  lines.push(`  progress  ${p.completed_steps}/${p.total_steps} steps (${p.percentage}%)${p.current_step_id ? `, current ${p.current_step_id}` : ''}`);
  lines.push(`  updated   ${t.updated_at}`);
  return lines;
}

export function historyLines(history: HistoryEntry[]): string[] {
  return history.map((h) => `${h.at}  ${(h.from ?? '-').padEnd(9)} → ${statusText(h.to.padEnd(9))} ${h.reason ? dim(h.reason) : ''}`.trimEnd());
}

export function transitionLines(verb: string, r: TransitionResult): string[] {
  const lines: string[] = [];
  if (r.paused) lines.push(`paused ${r.paused.track_id}${r.checkpoint ? dim(` (checkpoint ${r.checkpoint.checkpoint_id})`) : ''}`);
  lines.push(`${verb} ${bold(r.track.track_id)} → ${statusText(r.track.status)}`);
  if (!r.paused && r.checkpoint) lines.push(dim(`checkpoint ${r.checkpoint.checkpoint_id} (${r.checkpoint.checksum.slice(0, 19)}…)`));
  return lines;
}
