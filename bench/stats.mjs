// Benchmark: `track stats` over 10,000 tracks with 100,000 status-history entries (+1,000 runs).
// Usage: npm run build && node bench/stats.mjs [tracks=10000]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { deriveProgress } from '../dist/core/progress.js';
import { buildIndexes, summarize } from '../dist/core/registry-index.js';
import { trackStats } from '../dist/features/stats/stats.js';
import { FileStore } from '../dist/store/file/file-store.js';

const TRACKS = Number(process.argv[2] ?? 10_000);
const BIN = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const TYPES = ['feature', 'bugfix', 'refactor', 'migration', 'security', 'performance', 'testing', 'documentation'];
const PRIORITIES = ['P0', 'P1', 'P2', 'P3'];
const ENDINGS = ['completed', 'completed', 'completed', 'failed', 'cancelled', 'paused'];

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const dir = mkdtempSync(join(tmpdir(), 'track-bench-stats-'));
const root = join(dir, '.claude', 'conductor', 'tracks');
mkdirSync(root, { recursive: true, mode: 0o700 });
const t0 = Date.UTC(2025, 0, 1);
const iso = (ms) => new Date(ms).toISOString();
const open = [];
const closed = [];
let entries = 0;
let runs = 0;

for (let n = 1; n <= TRACKS; n++) {
  const id = `track-bench-${String(n).padStart(5, '0')}`;
  let at = t0 + n * 3_600_000;
  const created = iso(at);
  // 10 entries: draft, ready, then active/paused cycles, ending in an outcome (or still paused).
  const moves = ['ready', 'active', 'paused', 'active', 'paused', 'active', 'paused', 'active', pick(ENDINGS)];
  const history = [{ from: null, to: 'draft', at: created, reason: 'created' }];
  let from = 'draft';
  for (const to of moves) {
    at += Math.floor(random() * 8 * 3_600_000);
    const target = to === 'cancelled' && from === 'active' ? 'failed' : to;
    history.push({ from, to: target, at: iso(at) });
    from = target;
  }
  entries += history.length;
  const steps = ['design', 'implement', 'test', 'review', 'document'].map((step_id, order) => ({
    step_id,
    name: step_id,
    type: 'custom',
    status: from === 'completed' ? 'completed' : order < 2 ? 'completed' : step_id === 'test' && random() < 0.3 ? 'failed' : 'pending',
    order,
    action: { type: 'manual' },
    depends_on: order ? [['design', 'implement', 'test', 'review'][order - 1]] : [],
    ...(step_id === 'test' ? { attempts: 1 + Math.floor(random() * 3) } : {}),
  }));
  const track = {
    schema_version: 1,
    track_id: id,
    name: `Bench ${n}`,
    type: pick(TYPES),
    priority: pick(PRIORITIES),
    status: from,
    tags: [],
    context: { goal: 'benchmark', success_criteria: [], target_files: [], target_directories: [], prerequisites: [], blocks: [], related_tracks: [] },
    steps,
    execution: { checkpoint_frequency: 'per-step', pause_on_failure: false, auto_advance: false },
    progress: deriveProgress(steps),
    status_history: history,
    created_at: created,
    updated_at: iso(at),
  };
  mkdirSync(join(root, id), { mode: 0o700 });
  writeFileSync(join(root, id, 'track.json'), `${JSON.stringify(track, null, 2)}\n`, { mode: 0o600 });
  if (n % 10 === 0) {
    mkdirSync(join(root, id, 'workflows', 'run-001'), { recursive: true, mode: 0o700 });
    const run = {
      format: 'track-run/1',
      run_id: 'run-001',
      track_id: id,
      step_id: 'test',
      status: random() < 0.5 ? 'failed' : 'succeeded',
      attempts: [{}, {}],
    };
    writeFileSync(join(root, id, 'workflows', 'run-001', 'run.json'), JSON.stringify(run), { mode: 0o600 });
    runs += 1;
  }
  (from === 'paused' ? open : closed).push(summarize(track));
}

const segment = (name, summaries) => ({
  format: 'track-registry/1',
  segment: name,
  generation: 1,
  updated_at: iso(t0),
  tracks: Object.fromEntries(summaries.map((s) => [s.track_id, s])),
  indexes: buildIndexes(summaries),
});
writeFileSync(join(root, 'track-registry.closed.json'), `${JSON.stringify(segment('closed', closed))}\n`, { mode: 0o600 });
writeFileSync(
  join(root, 'track-registry.json'),
  `${JSON.stringify({ ...segment('open', open), active_track_id: null, next_sequence: TRACKS + 1, closed_segment: { file: 'track-registry.closed.json', count: closed.length } })}\n`,
  { mode: 0o600 },
);
writeFileSync(join(root, 'track-head.json'), `${JSON.stringify({ format: 'track-head/1', generation: 1, active_track_id: null })}\n`, { mode: 0o600 });

try {
  const store = FileStore.open({ root });
  const timings = [];
  const cpu = [];
  let report;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    report = await trackStats(store);
    timings.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const cliStart = performance.now();
  execFileSync(process.execPath, [BIN, 'stats', '--json', '--root', root], { maxBuffer: 256 * 1024 * 1024 });
  const cliMs = performance.now() - cliStart;
  const htmlStart = performance.now();
  execFileSync(process.execPath, [BIN, 'stats', '--root', root, '--html', join(dir, 'report.html')], { maxBuffer: 64 * 1024 * 1024 });
  const htmlMs = performance.now() - htmlStart;
  console.log(
    JSON.stringify(
      {
        tracks: report.tracks,
        history_entries: report.history_entries,
        runs,
        library_ms: timings.map((t) => Math.round(t)),
        library_best_ms: Math.round(Math.min(...timings)),
        library_best_cpu_ms: Math.round(Math.min(...cpu)),
        load_average_1m: Number(loadavg()[0].toFixed(1)),
        cli_json_ms: Math.round(cliMs),
        cli_html_ms: Math.round(htmlMs),
      },
      null,
      2,
    ),
  );
  if (report.history_entries !== entries) throw new Error(`expected ${entries} history entries, stats saw ${report.history_entries}`);
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(root);
}
