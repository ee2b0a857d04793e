import type { GroupRates, StatsReport } from '../../features/stats/figures.js';
import { duration, percent } from './stats-format.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A horizontal bar chart as inline SVG: one row per label, stacked segments with a legend. */
function barChart(
  title: string,
  rows: Array<{ label: string; values: number[] }>,
  series: Array<{ name: string; color: string }>,
  format: (n: number) => string,
): string {
  if (!rows.length) return '';
  const rowHeight = 22;
  const labelWidth = 220;
  const chartWidth = 480;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const height = rows.length * rowHeight + 30;
  const bars = rows
    .map((row, i) => {
      const y = i * rowHeight + 4;
      let x = labelWidth;
      const segments = row.values
        .map((v, k) => {
          const w = (v / max) * chartWidth;
          const rect =
            w > 0
              ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${series[k]?.color ?? '#888'}"><title>${escapeHtml(`${series[k]?.name}: ${format(v)}`)}</title></rect>`
              : '';
          x += w;
          return rect;
        })
        .join('');
      const total = row.values.reduce((a, b) => a + b, 0);
      return `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(row.label)}</text>${segments}<text x="${(x + 4).toFixed(1)}" y="${y + 12}">${escapeHtml(format(total))}</text>`;
    })
    .join('');
  const legend = series
    .map(
      (s, k) =>
        `<rect x="${labelWidth + k * 120}" y="${height - 18}" width="10" height="10" fill="${s.color}"/><text x="${labelWidth + k * 120 + 14}" y="${height - 9}">${escapeHtml(s.name)}</text>`,
    )
    .join('');
  return `<h2>${escapeHtml(title)}</h2><svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 80}" height="${height}" font-family="sans-serif" font-size="12">${bars}${legend}</svg>`;
}

const OUTCOMES = [
  { name: 'completed', color: '#2e7d32' },
  { name: 'failed', color: '#c62828' },
  { name: 'cancelled', color: '#9e9e9e' },
  { name: 'open', color: '#1565c0' },
];

const outcomeRows = (groups: GroupRates[]) => groups.map((g) => ({ label: g.key, values: [g.completed, g.failed, g.cancelled, g.open] }));

function rateTable(groups: GroupRates[]): string {
  const rows = groups
    .map(
      (g) =>
        `<tr><td>${escapeHtml(g.key)}</td><td>${g.tracks}</td><td>${percent(g.completion_rate)}</td><td>${percent(g.failure_rate)}</td><td>${duration(g.mean_lead_time_ms)}</td></tr>`,
    )
    .join('');
  return `<table><tr><th></th><th>tracks</th><th>completion</th><th>failure</th><th>mean lead time</th></tr>${rows}</table>`;
}

/** A self-contained HTML report: inline CSS and SVG, no script, no external asset. */
export function statsHtml(r: StatsReport): string {
  const t = r.totals;
  const busiest = r.per_track.slice(0, 20).filter((p) => p.active_ms + p.paused_ms > 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>track stats</title>
<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #ddd}td:first-child,th:first-child{text-align:left}svg text{fill:#222}</style>
</head><body>
<h1>track stats</h1>
<p>Generated ${escapeHtml(r.generated_at)}${r.since ? `, activity since ${escapeHtml(r.since)}` : ''}: ${r.tracks} tracks, ${r.history_entries} history entries, ${r.runs} runs.
Time active ${duration(t.active_ms)}, paused ${duration(t.paused_ms)}; completed ${t.completed}, failed ${t.failed}, cancelled ${t.cancelled}, open ${t.open}; step retries ${t.retries}.</p>
${barChart('Outcomes by type', outcomeRows(r.by_type), OUTCOMES, String)}
${rateTable(r.by_type)}
${barChart('Outcomes by priority', outcomeRows(r.by_priority), OUTCOMES, String)}
${rateTable(r.by_priority)}
${barChart(
  'Time per track',
  busiest.map((p) => ({ label: p.track_id, values: [p.active_ms, p.paused_ms] })),
  [
    { name: 'active', color: '#2e7d32' },
    { name: 'paused', color: '#f9a825' },
  ],
  duration,
)}
${barChart(
  'Step failure hot spots',
  r.hot_spots.map((s) => ({ label: s.step_id, values: [s.failures, s.retries] })),
  [
    { name: 'failures', color: '#c62828' },
    { name: 'retries', color: '#ef6c00' },
  ],
  String,
)}
</body></html>
`;
}
