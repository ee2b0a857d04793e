// Hook latency: wall time of `track hook session-start` (active track, real hook JSON on stdin)
// against bare `node -e 0`, median of N runs each. Run after `npm run build`: node bench/hooks.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const RUNS = Number(process.argv[2] ?? 15);
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'track-bench-hooks-')));
const cli = (...args) => execFileSync(process.execPath, [BIN, ...args], { cwd: dir, stdio: 'ignore' });

function median(args, input) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: dir, input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

try {
  cli('init');
  cli('create', '--name', 'Bench', '--goal', 'Measure the hooks');
  cli('activate', 'track-bench-001');
  const input = JSON.stringify({ session_id: 'bench', cwd: dir, hook_event_name: 'SessionStart', source: 'startup' });
  const node = median(['-e', '0'], '');
  const start = median([BIN, 'hook', 'session-start'], input);
  const compact = median([BIN, 'hook', 'pre-compact'], JSON.stringify({ cwd: dir, hook_event_name: 'PreCompact', trigger: 'auto' }));
  const ms = (v) => `${v.toFixed(0)} ms`;
  console.log(`median of ${RUNS}: node -e 0 ${ms(node)}; hook session-start ${ms(start)}; hook pre-compact ${ms(compact)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
