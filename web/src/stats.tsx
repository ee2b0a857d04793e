/** The `track stats` figures as charts. */
import type { StatsView } from '../../src/faces/http/api.js';
import type { GroupRates } from '../../src/features/stats/figures.js';
import { Loaded } from './alert.js';
import { api } from './api.js';
import { BarChart, type BarRow, type Series } from './charts.js';
import { formatDuration, formatTime } from './format.js';

const OUTCOMES: Series[] = [
  { key: 'open', label: 'open', tone: 'tone-open' },
  { key: 'completed', label: 'completed', tone: 'tone-completed' },
  { key: 'failed', label: 'failed', tone: 'tone-failed' },
  { key: 'cancelled', label: 'cancelled', tone: 'tone-cancelled' },
];
const HOT: Series[] = [
  { key: 'failures', label: 'failures', tone: 'tone-failed' },
  { key: 'retries', label: 'retries', tone: 'tone-retry' },
];
const TIME: Series[] = [
  { key: 'active', label: 'active', tone: 'tone-active' },
  { key: 'paused', label: 'paused', tone: 'tone-cancelled' },
];
/** The per-track chart shows the tracks with the most active time. */
const TOP_TRACKS = 20;

/** `3 s active, 1 s paused`: the bar's length is both together. */
function timeText(row: BarRow): string {
  const paused = row.values.paused ?? 0;
  return `${formatDuration(row.values.active ?? 0)} active${paused > 0 ? `, ${formatDuration(paused)} paused` : ''}`;
}

function groupRows(groups: GroupRates[]): BarRow[] {
  return groups.map((g) => ({ id: g.key, label: g.key, values: { open: g.open, completed: g.completed, failed: g.failed, cancelled: g.cancelled } }));
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

function Totals({ stats }: { stats: StatsView }) {
  const t = stats.totals;
  const figures: Array<[string, string]> = [
    ['Tracks', String(stats.tracks)],
    ['Open', String(t.open)],
    ['Completed', String(t.completed)],
    ['Failed', String(t.failed)],
    ['Cancelled', String(t.cancelled)],
    ['Runs', String(stats.runs)],
    ['Retries', String(t.retries)],
    ['Active time', formatDuration(t.active_ms)],
    ['Paused time', formatDuration(t.paused_ms)],
  ];
  return (
    <dl class="figures">
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Completion rate and mean lead time of each group, as a line under its chart. */
function rates(groups: GroupRates[]): string {
  const parts = groups.map(
    (g) => `${g.key} ${percent(g.completion_rate)}${g.mean_lead_time_ms === null ? '' : ` (lead ${formatDuration(g.mean_lead_time_ms)})`}`,
  );
  return `Completed of finished: ${parts.join(' · ')}`;
}

function Stats({ stats }: { stats: StatsView }) {
  const totals: BarRow[] = [
    {
      id: 'all',
      label: 'All tracks',
      values: { open: stats.totals.open, completed: stats.totals.completed, failed: stats.totals.failed, cancelled: stats.totals.cancelled },
    },
  ];
  const hot = stats.hot_spots.slice(0, 10).map((h) => ({ id: h.step_id, label: h.step_id, values: { failures: h.failures, retries: h.retries } }));
  const perTrack = [...stats.per_track]
    .sort((a, b) => b.active_ms - a.active_ms)
    .slice(0, TOP_TRACKS)
    .map((t) => ({ id: t.track_id, label: t.name, values: { active: t.active_ms, paused: t.paused_ms } }));
  return (
    <div data-view="stats">
      <div class="view-head">
        <h1>Stats</h1>
        <p class="muted">
          Generated {formatTime(stats.generated_at)}
          {stats.since ? ` · since ${formatTime(stats.since)}` : ''} · {stats.history_entries} status changes
        </p>
      </div>
      <Totals stats={stats} />
      <div class="charts">
        <BarChart id="chart-totals" title="Tracks by outcome" rowHeader="Tracks" series={OUTCOMES} rows={totals} />
        <BarChart id="chart-type" title="Outcomes by type" rowHeader="Type" series={OUTCOMES} rows={groupRows(stats.by_type)} note={rates(stats.by_type)} />
        <BarChart
          id="chart-priority"
          title="Outcomes by priority"
          rowHeader="Priority"
          series={OUTCOMES}
          rows={groupRows(stats.by_priority)}
          note={rates(stats.by_priority)}
        />
        {hot.length > 0 ? (
          <BarChart id="chart-hot" title="Hot spots: steps with the most failures and retries" rowHeader="Step" series={HOT} rows={hot} />
        ) : null}
        <BarChart
          id="chart-time"
          title={`Active and paused time by track (the ${TOP_TRACKS} most active)`}
          rowHeader="Track"
          series={TIME}
          rows={perTrack}
          format={formatDuration}
          valueText={timeText}
          valueWidth={200}
        />
      </div>
    </div>
  );
}

export function StatsPage() {
  return <Loaded name="stats" load={api.stats} what="the stats" render={(stats) => <Stats stats={stats} />} />;
}
