// The main job: a real walk through a track's life, using the built `track` CLI in a fresh
// temporary project. Pass --keep to leave the directory for inspection.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin/track.cjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'track-demo-'));
const keep = process.argv.includes('--keep');

function track(...args) {
  console.log(`\n$ track ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env } });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r;
}

function expectOk(r) {
  if (r.status !== 0) {
    console.error(`\ndemo failed: exit ${r.status}`);
    process.exit(1);
  }
  return r;
}

try {
  console.log(`demo project: ${dir}`);
  expectOk(track('init'));
  expectOk(
    track(
      'create',
      '--name',
      'Authentication Feature',
      '--type',
      'feature',
      '--goal',
      'Add OAuth 2.0 authentication',
      '--priority',
      'P1',
      '--success-criteria',
      'Users can sign in with GitHub',
    ),
  );
  expectOk(track('create', '--name', 'Perf Optimization', '--type', 'performance', '--goal', 'Halve p95 latency', '--priority', 'P2'));
  expectOk(track('activate', 'track-authentication-feature-001'));
  const refused = track('activate', 'track-perf-optimization-002');
  console.log(`(refused with exit code ${refused.status}, as it should: one active track at a time)`);
  expectOk(track('switch', '--to', 'track-perf-optimization-002', '--reason', 'urgent latency regression'));
  expectOk(track('list'));
  expectOk(track('pause', '--reason', 'waiting for profiling data'));
  expectOk(track('resume', 'track-perf-optimization-002'));
  expectOk(track('complete', '--reason', 'p95 halved'));
  expectOk(track('archive', 'track-perf-optimization-002'));
  expectOk(track('resume', 'track-authentication-feature-001'));
  expectOk(track('update', '--field', 'priority', '--value', 'P0'));
  writeFileSync(
    join(dir, 'plan.yaml'),
    [
      'steps:',
      '  - { step_id: check-node, name: Check the toolchain, type: setup, action: { type: run-command, command: "node --version" } }',
      '  - step_id: callback',
      '    name: Write the OAuth callback',
      '    type: implementation',
      '    depends_on: [check-node]',
      '    success_criteria: [the callback exchanges the code for a token]',
      '    action: { type: edit-file, instructions: "Add /auth/callback and exchange the code with PKCE" }',
      '',
    ].join('\n'),
  );
  expectOk(track('plan', 'set', 'plan.yaml'));
  expectOk(track('next'));
  expectOk(track('next', '--agent', 'demo-agent'));
  expectOk(track('decide', 'Use PKCE', '--rationale', 'the CLI is a public client'));
  expectOk(track('assume', 'The provider supports PKCE'));
  expectOk(track('checkpoint', '--reason', 'before finishing the callback'));
  expectOk(track('context'));
  expectOk(track('step', 'complete', '--step-id', 'callback', '--agent', 'demo-agent', '--output', 'route=/auth/callback'));
  expectOk(track('status'));
  expectOk(track('complete', '--reason', 'OAuth works'));
  expectOk(track('history', 'track-authentication-feature-001'));
  expectOk(track('list', '--status', 'archived,completed'));
  expectOk(track('doctor'));
  console.log('\ndemo finished: every step succeeded');
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
