// Startup cost of the commands an agent runs most, as whole processes, against bare `node -e 0`
// run in the same rounds: each round runs `node -e 0` and then every command once, so a drift in
// the machine's speed hits both sides alike. The ratio is the median over rounds of
// (command / node -e 0 of that round). Stores of 10 and 10,000 tracks (50 open), and 200 open
// tracks for `list`. Prints a Markdown table. Run after `npm run build`: node bench/startup.mjs [rounds]
// [--without-extra-ca]. NODE_EXTRA_CA_CERTS makes Node parse those certificates before it runs
// anything (~70 ms for a whole system bundle): it inflates `node -e 0` and every command alike, so
// the ratios look smaller; --without-extra-ca measures both sides without it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixture } from './lib/fixture.mjs';

const options = process.argv.slice(2);
const binAt = options.indexOf('--bin');
const BIN = binAt >= 0 ? options[binAt + 1] : fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const ROUNDS = Number(options.find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_RUNS ?? 30);
const env = { ...process.env };
if (options.includes('--without-extra-ca')) delete env.NODE_EXTRA_CA_CERTS;
const WARMUP = 3;

function once(args, cwd, input = '') {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, input, env, stdio: ['pipe', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'track-bench-'));
try {
  const cases = [];
  for (const [total, open] of [
    [10, 10],
    [10_000, 50],
  ]) {
    const dir = buildFixture(join(work, `${total}`), total, open);
    once([BIN, 'activate', 'track-a'], dir);
    const store = `${total.toLocaleString('en')} tracks`;
    const session = JSON.stringify({ session_id: 'bench', cwd: dir, hook_event_name: 'SessionStart', source: 'startup' });
    cases.push(
      { command: 'track get-active', store, dir, args: () => [BIN, 'get-active'] },
      { command: 'track status', store, dir, args: () => [BIN, 'status'] },
      { command: 'track context', store, dir, args: () => [BIN, 'context'] },
      { command: 'track hook session-start', store, dir, args: () => [BIN, 'hook', 'session-start'], input: session },
      { command: 'track switch', store, dir, args: (i) => [BIN, 'switch', '--to', i % 2 === 0 ? 'track-b' : 'track-a'] },
    );
  }
  const gitDir = buildFixture(join(work, 'git'), 10, 10);
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-qm', 'tracks'],
  ]) {
    execFileSync('git', args, { cwd: gitDir });
  }
  once([BIN, 'activate', 'track-a'], gitDir);
  const gitStore = '10 tracks, git repository';
  const gitSession = JSON.stringify({ session_id: 'bench', cwd: gitDir, hook_event_name: 'SessionStart', source: 'startup' });
  cases.push(
    { command: 'track context', store: gitStore, dir: gitDir, args: () => [BIN, 'context'] },
    { command: 'track hook session-start', store: gitStore, dir: gitDir, args: () => [BIN, 'hook', 'session-start'], input: gitSession },
  );
  const listDir = buildFixture(join(work, 'list'), 200, 200);
  cases.push({ command: 'track list', store: '200 open tracks', dir: listDir, args: () => [BIN, 'list'] });

  const node = [];
  const times = cases.map(() => []);
  const ratios = cases.map(() => []);
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const base = once(['-e', '0'], work);
    cases.forEach((c, i) => {
      const ms = once(c.args(round), c.dir, c.input);
      if (round < WARMUP) return;
      times[i].push(ms);
      ratios[i].push(ms / base);
    });
    if (round >= WARMUP) node.push(base);
  }
  console.log(`\nWhole-process wall time, ${ROUNDS} interleaved rounds, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(
    `node -e 0: median ${median(node).toFixed(1)} ms${env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set: both sides load those certificates first)' : ''}\n`,
  );
  console.log('| command | store | median ms | × `node -e 0` |');
  console.log('| --- | --- | ---: | ---: |');
  cases.forEach((c, i) => {
    console.log(`| \`${c.command}\` | ${c.store} | ${median(times[i]).toFixed(1)} | ${median(ratios[i]).toFixed(2)} |`);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
