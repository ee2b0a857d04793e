// MCP server figures: RSS of `track mcp` after 1,000 and 10,000 tool calls (it should stay flat),
// the size of `tools/list` in tokens (characters / 4) for the default and the full tool set, the
// size of the `next` / `step_complete` results for a 4-step plan, and of the default tools' results
// on a 20-step track with 20 runs (bench/lib/mcp-result-sizes.mjs).
// Run after `npm run build`: node bench/mcp.mjs [calls]   (BENCH_EVERY=N also samples every N calls)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { lifecycleResultSizes } from './lib/mcp-result-sizes.mjs';

const BIN = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const CALLS = Number(process.argv[2] ?? 10_000);
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'track-bench-mcp-')));
execFileSync(process.execPath, [BIN, 'init'], { cwd: dir, stdio: 'ignore' });

const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
const tokens = (value) => Math.round(JSON.stringify(value).length / 4);

const GC_SERVER = fileURLToPath(new URL('./lib/mcp-server-gc.mjs', import.meta.url));

async function connect(args = []) {
  const transport = new StdioClientTransport({ command: process.execPath, args: ['--expose-gc', GC_SERVER, 'mcp', ...args], cwd: dir, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => {
    stderr += d;
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  return { client, pid: transport.pid, stderr: () => stderr };
}

/** Characters of text in the results of `next` (a hand-off) and `step_complete` on a 4-step plan. */
async function planResultSizes(client) {
  const textOf = (r) => r.content.map((c) => c.text).join('').length;
  await client.callTool({ name: 'create', arguments: { name: 'Plan', goal: 'Measure the step results', id: 'track-plan-bench' } });
  const steps = [
    ['design', 'Design the API', 'manual', { instructions: 'Sketch the endpoints and write them down in docs/api.md.' }],
    ['build', 'Build it', 'manual', { instructions: 'Implement the endpoints.' }],
    ['test', 'Run the tests', 'run-command', { command: 'echo ok' }],
    ['ship', 'Ship', 'manual', { instructions: 'Tag and release.' }],
  ];
  let previous;
  for (const [step_id, name, action_type, extra] of steps) {
    const depends_on = previous ? [previous] : undefined;
    await client.callTool({ name: 'step_add', arguments: { track_id: 'track-plan-bench', step_id, name, action_type, depends_on, ...extra } });
    previous = step_id;
  }
  await client.callTool({ name: 'activate', arguments: { track_id: 'track-plan-bench' } });
  const next = textOf(await client.callTool({ name: 'next', arguments: { agent: 'bench' } }));
  const complete = textOf(await client.callTool({ name: 'step_complete', arguments: { step_id: 'design', agent: 'bench', outputs: { doc: 'docs/api.md' } } }));
  // The bench below activates its own track: this one is paused, then cancelled (an active track cannot be).
  await client.callTool({ name: 'pause', arguments: { track_id: 'track-plan-bench' } });
  await client.callTool({ name: 'cancel', arguments: { track_id: 'track-plan-bench' } });
  return { next, complete };
}

/** RSS as it stands, then RSS and heap right after a full GC in the server. */
async function sample(server) {
  const rss = rssKb(server.pid);
  const before = server.stderr().length;
  process.kill(server.pid, 'SIGUSR2');
  while (server.stderr().length === before) await new Promise((r) => setTimeout(r, 10));
  const [, heap, external] = /heap (\d+) external (\d+)/.exec(server.stderr().slice(before)) ?? [];
  return { rss, gcRss: rssKb(server.pid), heap: Number(heap) / 1024, external: Number(external) / 1024 };
}

try {
  const full = await connect(['--all-tools']);
  const fullList = await full.client.listTools();
  const resultSizes = await planResultSizes(full.client);
  const longTrack = await lifecycleResultSizes(full.client);
  await full.client.close();

  const server = await connect();
  const { client } = server;
  const coreList = await client.listTools();
  await client.callTool({
    name: 'create',
    arguments: { name: 'Bench', goal: 'Measure the MCP server', success_criteria: ['flat memory'], id: 'track-bench-001' },
  });
  await client.callTool({ name: 'activate', arguments: { track_id: 'track-bench-001' } });

  // A mix of reads, writes and failing calls, as an agent session would make them.
  const calls = [
    { name: 'show', arguments: {} },
    { name: 'context', arguments: {} },
    { name: 'list', arguments: {} },
    { name: 'show', arguments: { track_id: 'track-missing-999' } },
    { name: 'activate', arguments: { track_id: 'NOT AN ID' } },
  ];
  const samples = {};
  const started = performance.now();
  let n = 0;
  const call = async (params) => {
    await client.callTool(params);
    n += 1;
    if (n === 1_000 || n === CALLS || (process.env.BENCH_EVERY && n % Number(process.env.BENCH_EVERY) === 0)) samples[n] = await sample(server);
  };
  while (n < CALLS) {
    if (n % 50 === 49) {
      await call({ name: 'pause', arguments: { reason: `bench ${n}` } });
      if (n < CALLS) await call({ name: 'resume', arguments: {} });
    } else {
      await call(calls[n % calls.length]);
    }
  }
  const elapsed = performance.now() - started;
  await client.close();

  const mb = (kb) => (kb / 1024).toFixed(1);
  console.log(`tools/list, default (core) set: ${coreList.tools.length} tools, ${tokens(coreList)} tokens`);
  console.log(`tools/list, full set (--all-tools): ${fullList.tools.length} tools, ${tokens(fullList)} tokens`);
  console.log(`4-step plan: next (hand-off) result ${resultSizes.next} chars, step_complete result ${resultSizes.complete} chars`);
  console.log(
    `20-step track with 20 runs, result chars: ${Object.entries(longTrack)
      .map(([tool, n]) => `${tool} ${n.toLocaleString('en')}`)
      .join(', ')}`,
  );
  for (const [n, m] of Object.entries(samples)) {
    console.log(
      `after ${Number(n).toLocaleString('en')} calls: RSS ${mb(m.rss)} MB; after a full GC: RSS ${mb(m.gcRss)} MB, heap ${mb(m.heap)} MB, external ${mb(m.external)} MB`,
    );
  }
  console.log(`mean time per tool call (stdio round trip): ${(elapsed / CALLS).toFixed(2)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
