// `track get-active` run inside a linked git worktree (its own lane, the store in the main checkout),
// against bare `node -e 0` in the same rounds, as bench/startup.mjs measures: whole processes, the
// ratio the median over rounds of (command / node -e 0 of that round). Stores of 10 and 10,000
// tracks (50 open), with 1 lane (the worktree's) and 50 (49 more named lanes written through the
// store: each activates a track of its own while open tracks last, the others activate one and
// pause it, leaving a lane record without a track); and, for comparison, `get-active` in the
// store's own directory, outside git (what bench/startup.mjs measures). Prints a Markdown table. Run after
// `npm run build`: node bench/lanes.mjs [rounds] [--without-extra-ca]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activateTrack, openStore, pauseTrack } from '../dist/index.js';
import { buildFixture } from './lib/fixture.mjs';

const BIN = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const options = process.argv.slice(2);
const ROUNDS = Number(options.find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_RUNS ?? 30);
const env = { ...process.env };
delete env.TRACK_LANE;
delete env.TRACK_MANAGER_ROOT;
if (options.includes('--without-extra-ca')) delete env.NODE_EXTRA_CA_CERTS;
const WARMUP = 3;

function once(args, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: String(r.stdout) };
}

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

/** 49 named lanes besides the worktree's, written by real transactions of the store. */
async function addLanes(main, openIds) {
  const spare = openIds.filter((id) => id !== 'track-a' && id !== 'track-b');
  for (let i = 1; i <= 49; i++) {
    const store = openStore({ cwd: main, lane: `bench-lane-${String(i).padStart(2, '0')}` });
    const own = spare[i - 1];
    if (own) await activateTrack(store, { track_id: own });
    else {
      await activateTrack(store, { track_id: 'track-b' });
      await pauseTrack(store, { reason: 'bench: a lane with no active track' });
    }
  }
}

/** A git repository whose main checkout holds the store, and a linked worktree whose lane has track-a active. */
async function fixture(dir, total, open, lanes) {
  const main = buildFixture(join(dir, 'main'), total, open);
  git(main, 'init', '-q', '-b', 'main');
  git(main, 'commit', '-q', '--allow-empty', '-m', 'bench');
  const wt = join(dir, 'wt');
  git(main, 'worktree', 'add', '-q', wt, '-b', 'bench-wt');
  once([BIN, 'activate', 'track-a'], wt);
  if (lanes > 1) {
    const ids = ['track-a', 'track-b', ...Array.from({ length: open - 2 }, (_, k) => `track-bench-${String(k + 3).padStart(5, '0')}`)];
    await addLanes(main, ids);
  }
  const listed = JSON.parse(once([BIN, 'lanes', '--json'], wt).stdout).lanes;
  if (listed.length !== lanes + 1) throw new Error(`expected ${lanes + 1} lanes (with the default one), found ${listed.length}`);
  const active = JSON.parse(once([BIN, 'get-active', '--json'], wt).stdout).active;
  if (active?.track_id !== 'track-a') throw new Error(`get-active in the worktree found ${active?.track_id}`);
  return wt;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'track-bench-lanes-'));
try {
  const cases = [];
  for (const [total, open] of [
    [10, 10],
    [10_000, 50],
  ]) {
    const plain = buildFixture(join(work, `${total}-main`), total, open);
    once([BIN, 'activate', 'track-a'], plain);
    cases.push({
      store: `${total.toLocaleString('en')} tracks${total > open ? ` (${open} open)` : ''}`,
      where: "the store's directory, no git",
      lanes: '-',
      dir: plain,
    });
    for (const lanes of [1, 50]) {
      const dir = await fixture(join(work, `${total}-${lanes}`), total, open, lanes);
      cases.push({ store: `${total.toLocaleString('en')} tracks${total > open ? ` (${open} open)` : ''}`, where: 'linked worktree', lanes, dir });
    }
  }
  const node = [];
  const times = cases.map(() => []);
  const ratios = cases.map(() => []);
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const base = once(['-e', '0'], work).ms;
    cases.forEach((c, i) => {
      const { ms } = once([BIN, 'get-active'], c.dir);
      if (round < WARMUP) return;
      times[i].push(ms);
      ratios[i].push(ms / base);
    });
    if (round >= WARMUP) node.push(base);
  }
  console.log(`\n\`track get-active\`, ${ROUNDS} interleaved rounds, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(
    `node -e 0: median ${median(node).toFixed(1)} ms${env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set: both sides load those certificates first)' : ''}\n`,
  );
  console.log('| store | run in | lanes | median ms | × `node -e 0` |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  cases.forEach((c, i) => {
    console.log(`| ${c.store} | ${c.where} | ${c.lanes} | ${median(times[i]).toFixed(1)} | ${median(ratios[i]).toFixed(2)} |`);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
