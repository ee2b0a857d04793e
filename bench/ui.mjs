// The board (`track ui`) with 1,000 tracks (or as many as asked for): the API's latency per route (sequential requests to the
// running server, as its page makes them) and, in headless Chromium, the time to first paint and
// until the board is drawn, each from navigation start in a fresh browser context.
// Run after `npm run build`: node bench/ui.mjs [rounds] [tracks]. Prints a Markdown table.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildBoardFixture } from './lib/board-fixture.mjs';

const BIN = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const ROUNDS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 20);
const TRACKS = Number(process.argv[3] ?? 1_000);

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1) };
};
const ms = (v) => `${v.toFixed(1)} ms`;

async function startBoard(cwd) {
  const child = spawn(process.execPath, [BIN, 'ui', '--no-open', '--json'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]).url);
    });
    child.on('exit', (code) => reject(new Error(`track ui exited ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => child.once('exit', resolve).kill('SIGINT')) };
}

async function timed(url) {
  const start = performance.now();
  const r = await fetch(url);
  await r.arrayBuffer();
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return performance.now() - start;
}

async function chromiumPath() {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return (await import('@sparticuz/chromium')).default.executablePath();
}

async function paints(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const drawn = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const check = () => (document.querySelector('[data-view="board"] [data-track-id]') ? resolve(performance.now()) : requestAnimationFrame(check));
        check();
      }),
  );
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
  await context.close();
  return { paint, drawn };
}

const dir = mkdtempSync(join(tmpdir(), 'track-bench-ui-'));
try {
  buildBoardFixture(dir, TRACKS);
  const activate = spawnSync(process.execPath, [BIN, 'activate', 'track-board-00002', '--force'], { cwd: dir, encoding: 'utf8' });
  if (activate.status !== 0) throw new Error(activate.stderr);
  const board = await startBoard(dir);
  try {
    const routes = ['board', 'tracks/track-board-00002', 'lanes', 'stats'];
    const latency = {};
    for (const route of routes) {
      await timed(`${board.url}api/${route}`);
      latency[route] = [];
      for (let i = 0; i < ROUNDS; i++) latency[route].push(await timed(`${board.url}api/${route}`));
    }
    const browser = await chromium.launch({
      executablePath: await chromiumPath(),
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const firstPaint = [];
    const boardDrawn = [];
    try {
      await paints(browser, board.url);
      for (let i = 0; i < Math.min(ROUNDS, 10); i++) {
        const { paint, drawn } = await paints(browser, board.url);
        firstPaint.push(paint);
        boardDrawn.push(drawn);
      }
    } finally {
      await browser.close();
    }
    console.log(`\nThe board with ${TRACKS} tracks (${ROUNDS} requests per route; ${firstPaint.length} page loads, each in a fresh context)\n`);
    console.log('| measure | median | p95 | max |');
    console.log('|---|---|---|---|');
    for (const route of routes) {
      const s = stats(latency[route]);
      console.log(`| GET api/${route} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} |`);
    }
    for (const [name, values] of [
      ['first contentful paint', firstPaint],
      ['board drawn (its first cards in every column)', boardDrawn],
    ]) {
      const s = stats(values);
      console.log(`| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} |`);
    }
  } finally {
    await board.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
