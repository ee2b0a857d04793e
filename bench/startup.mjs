// Times `track get-active` and `track switch` as whole processes against bare `node -e 0`,
// on roots with 10 and 10,000 tracks. Prints a Markdown table (median and p90 of N runs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixture } from './lib/fixture.mjs';

const BIN = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

function time(args, cwd) {
  const samples = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args(i), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${args(i).join(' ')} failed: ${r.stderr}`);
    if (i >= 3) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p90: samples[Math.floor(samples.length * 0.9)] };
}

const work = mkdtempSync(join(tmpdir(), 'track-bench-'));
try {
  const rows = [];
  const node = time(() => ['-e', '0'], work);
  rows.push(['node -e 0', '-', node]);
  for (const [total, open] of [
    [10, 10],
    [10_000, 50],
    [10_000, 10_000],
  ]) {
    const dir = buildFixture(join(work, `${total}-${open}`), total, open);
    spawnSync(process.execPath, [BIN, 'activate', 'track-a'], { cwd: dir });
    const label = `${total} tracks (${open} open)`;
    rows.push(['track get-active', label, time(() => [BIN, 'get-active'], dir)]);
    rows.push(['track switch', label, time((i) => [BIN, 'switch', '--to', i % 2 === 0 ? 'track-b' : 'track-a'], dir)]);
  }
  console.log(`\nWhole-process wall time, median of ${RUNS} runs (p90), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| command | store | median ms | p90 ms | × node -e 0 |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const [cmd, label, t] of rows) {
    console.log(`| \`${cmd}\` | ${label} | ${t.median.toFixed(1)} | ${t.p90.toFixed(1)} | ${(t.median / node.median).toFixed(2)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
