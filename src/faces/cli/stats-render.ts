import type { GroupRates, StatsReport } from '../../features/stats/figures.js';
import { bold, dim } from './output.js';
import { duration, percent } from './stats-format.js';

const BAR_WIDTH = 24;

/** A bar of `value` out of `max`, in eighths of a block for a smooth end. */
export function bar(value: number, max: number, width = BAR_WIDTH): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8] ?? '';
  return '█'.repeat(Math.floor(eighths / 8)) + partial;
}

function groupTable(title: string, groups: GroupRates[]): string[] {
  if (!groups.length) return [];
  const max = Math.max(...groups.map((g) => g.tracks));
  return [
    '',
    bold(title),
    dim(
      `  ${'KEY'.padEnd(14)} ${'TRACKS'.padStart(6)} ${'DONE'.padStart(5)} ${'FAIL'.padStart(5)} ${'CANC'.padStart(5)} ${'OPEN'.padStart(5)}  ${'COMPL'.padStart(5)} ${'FAILR'.padStart(5)}  ${'LEAD'.padStart(6)}`,
    ),
    ...groups.map(
      (g) =>
        `  ${g.key.padEnd(14)} ${String(g.tracks).padStart(6)} ${String(g.completed).padStart(5)} ${String(g.failed).padStart(5)} ${String(g.cancelled).padStart(5)} ${String(g.open).padStart(5)}  ${percent(g.completion_rate).padStart(5)} ${percent(g.failure_rate).padStart(5)}  ${duration(g.mean_lead_time_ms).padStart(6)}  ${bar(g.tracks, max)}`,
    ),
  ];
}

/** The terminal report: totals, rates by type and priority with bars, the busiest tracks, step hot spots. */
export function statsLines(r: StatsReport): string[] {
  const t = r.totals;
  const lines = [
    bold(`track stats${r.since ? ` since ${r.since}` : ''}`),
    `  ${r.tracks} tracks, ${r.history_entries} history entries, ${r.runs} runs`,
    `  time active ${duration(t.active_ms)}, paused ${duration(t.paused_ms)}; completed ${t.completed}, failed ${t.failed}, cancelled ${t.cancelled}, open ${t.open}; step retries ${t.retries}`,
    ...groupTable('by type', r.by_type),
    ...groupTable('by priority', r.by_priority),
  ];
  const busiest = r.per_track.slice(0, 10).filter((p) => p.active_ms + p.paused_ms > 0);
  if (busiest.length) {
    const max = Math.max(...busiest.map((p) => p.active_ms + p.paused_ms));
    lines.push('', bold('most time (active █, paused ░)'));
    for (const p of busiest) {
      const active = bar(p.active_ms, max);
      const paused = '░'.repeat(Math.round((p.paused_ms / max) * BAR_WIDTH));
      lines.push(`  ${p.track_id.padEnd(36)} ${duration(p.active_ms).padStart(6)} ${duration(p.paused_ms).padStart(6)}  ${active}${paused}`);
    }
  }
  if (r.hot_spots.length) {
    const max = Math.max(...r.hot_spots.map((s) => s.failures + s.retries));
    lines.push('', bold('step failure hot spots'), dim(`  ${'STEP'.padEnd(24)} ${'FAIL'.padStart(5)} ${'RETRY'.padStart(5)} ${'TRACKS'.padStart(6)}`));
    for (const s of r.hot_spots) {
      lines.push(
        `  ${s.step_id.padEnd(24)} ${String(s.failures).padStart(5)} ${String(s.retries).padStart(5)} ${String(s.tracks).padStart(6)}  ${bar(s.failures + s.retries, max)}`,
      );
    }
  }
  return lines;
}
