// What a committed tracks directory costs after git changes it behind the store's back: `track status`
// and `track get-active` in a store of 10 and 10,000 tracks (50 open) inside a git repository,
// (1) when nothing changed, (2) right after a git operation rewrote the index (the registry is
// checked: one stat per track, only changed documents read again; measured by rewriting the index
// before each run, as `git add` or a checkout does), and (3) the first command of a fresh clone,
// which rebuilds the derived files from every track document. Whole processes against `node -e 0`
// in the same rounds, as bench/startup.mjs. Prints a Markdown table. Run after `npm run build`:
// node bench/git-refresh.mjs [rounds] [--without-extra-ca]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixture } from './lib/fixture.mjs';

const BIN = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const options = process.argv.slice(2);
const ROUNDS = Number(options.find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_RUNS ?? 15);
const env = { ...process.env };
delete env.TRACK_LANE;
delete env.TRACK_MANAGER_ROOT;
if (options.includes('--without-extra-ca')) delete env.NODE_EXTRA_CA_CERTS;
const WARMUP = 2;
const DERIVED = ['track-head.json', 'track-registry.json', 'track-registry.closed.json', 'track-registry.files.json'];

function once(args, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'track-bench-git-'));
try {
  const cases = [];
  for (const total of [10, 10_000]) {
    const dir = join(work, `${total}`);
    git(work, 'init', '-q', dir);
    buildFixture(dir, total, Math.min(total, 50));
    once([BIN, 'init'], dir);
    once([BIN, 'activate', 'track-a'], dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'tracks');
    const store = `${total.toLocaleString('en')} tracks`;
    const root = join(dir, '.claude', 'conductor', 'tracks');
    for (const command of ['status', 'get-active']) {
      cases.push({ what: `\`track ${command}\`, nothing changed`, store, dir, args: [BIN, command] });
      // Rewriting the index is what every git operation that touches the working tree does.
      cases.push({
        what: `\`track ${command}\` after a git operation`,
        store,
        dir,
        args: [BIN, command],
        before: () => git(dir, 'update-index', '--force-write-index'),
      });
    }
    cases.push({
      what: '`track get-active`, first command of a fresh clone',
      store,
      dir,
      args: [BIN, 'get-active'],
      before: () => {
        for (const name of DERIVED) unlinkSync(join(root, name));
      },
    });
  }
  const times = cases.map(() => []);
  const ratios = cases.map(() => []);
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const base = once(['-e', '0'], work);
    cases.forEach((c, i) => {
      c.before?.();
      const ms = once(c.args, c.dir);
      if (round < WARMUP) return;
      times[i].push(ms);
      ratios[i].push(ms / base);
    });
  }
  console.log(`\nWhole-process wall time, ${ROUNDS} interleaved rounds, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| command | store | median ms | × `node -e 0` |');
  console.log('| --- | --- | ---: | ---: |');
  cases.forEach((c, i) => {
    console.log(`| ${c.what} | ${c.store} | ${median(times[i]).toFixed(1)} | ${median(ratios[i]).toFixed(2)} |`);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
