// One client of bench/postgres.mjs's throughput runs: a process with its own store (a database
// store over its own connection pool, or the file store) acting in its own lane on its own active
// track. It records one decision to warm up, prints `ready`, waits for a deadline (ms since the
// epoch) on stdin, records decisions until then, and prints `{ ops, end, latencies }`.
// argv[2]: JSON { url?, project?, dir, lane, track }
import { createInterface } from 'node:readline';
import { decide, openStore } from '../../dist/index.js';

const { url, project, dir, lane, track } = JSON.parse(process.argv[2]);
const store = openStore(url ? { databaseUrl: url, project, cwd: dir, lane } : { cwd: dir, lane });
let n = 0;
const once = () => decide(store, { track_id: track, title: `decision ${lane} ${n++}`, rationale: 'throughput bench' });

await once();
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
const deadline = Number(await new Promise((resolve) => lines.once('line', resolve)));
lines.close();
const latencies = [];
let end = Date.now();
while (end < deadline) {
  const start = performance.now();
  await once();
  latencies.push(performance.now() - start);
  end = Date.now();
}
await store.close?.();
process.stdout.write(`${JSON.stringify({ ops: latencies.length, end, latencies })}\n`);
