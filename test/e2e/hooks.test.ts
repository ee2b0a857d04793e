import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activateTrack, createTrack } from '../../src/features/tracks/lifecycle.js';
import { LOCK_FILE } from '../../src/store/file/lock.js';
import { selfIdentity } from '../../src/store/process-identity.js';
import { runCli } from '../helpers/cli.js';
import { setSteps, step } from '../helpers/plan.js';
import { type TempProject, tempDir, tempProject } from '../helpers/temp.js';

/** The JSON Claude Code sends on stdin. */
const sessionStartInput = (cwd: string, source = 'startup') =>
  JSON.stringify({ session_id: 'abc123', transcript_path: '/tmp/t.jsonl', cwd, hook_event_name: 'SessionStart', source });
const preCompactInput = (cwd: string) =>
  JSON.stringify({ session_id: 'abc123', transcript_path: '/tmp/t.jsonl', cwd, hook_event_name: 'PreCompact', trigger: 'auto', custom_instructions: '' });

function runHook(event: string, input: string, args: string[] = []) {
  const started = Date.now();
  const r = runCli(['hook', event, ...args], { cwd: tmpdir(), input });
  return { ...r, ms: Date.now() - started };
}

/** A lock held by a live process (this test runner): not stale, so nobody may break it. */
function holdLock(root: string): void {
  writeFileSync(join(root, LOCK_FILE), JSON.stringify({ token: 'held-by-test', ...selfIdentity(), created_at: new Date().toISOString() }));
}

async function activeProject(): Promise<TempProject> {
  const p = tempProject('track-hook-');
  await createTrack(p.store, { name: 'Auth', goal: 'Add OAuth 2.0 login', success_criteria: ['users can log in'] });
  await setSteps(p.store, 'track-auth-001', [
    step('design', 0, { status: 'completed' }),
    step('build', 1, { action: { type: 'edit-file', instructions: 'Wire the OAuth callback.' } }),
  ]);
  await activateTrack(p.store, 'track-auth-001');
  return p;
}

// Node's own start-up on a busy 2-core machine is a good part of this; the hook's work is a few ms.
const WELL_WITHIN = 2_500;

describe('track hook session-start', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());

  it('prints the active track primer as plain text, at startup and after compaction', async () => {
    p = await activeProject();
    for (const source of ['startup', 'compact']) {
      const r = runHook('session-start', sessionStartInput(p.dir, source));
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('# Track: Auth (track-auth-001)');
      expect(r.stdout).toContain('Wire the OAuth callback.');
      expect(r.stdout).toContain('- users can log in');
      expect(r.stdout.length / 4).toBeLessThan(1500);
    }
  });

  it('never waits on the write lock, held or not', async () => {
    p = await activeProject();
    holdLock(p.root);
    const r = runHook('session-start', sessionStartInput(p.dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('track-auth-001');
    expect(r.ms).toBeLessThan(WELL_WITHIN);
    expect(readFileSync(join(p.root, LOCK_FILE), 'utf8')).toContain('held-by-test');
  });

  it('is a silent no-op without a tracks root or an active track', () => {
    const empty = tempDir('track-hook-empty-');
    try {
      const r = runHook('session-start', sessionStartInput(empty.dir));
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    } finally {
      empty.cleanup();
    }
    p = tempProject('track-hook-idle-');
    const r = runHook('session-start', sessionStartInput(p.dir));
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
  });

  it('on a damaged store prints one line to stderr and exits 0', async () => {
    p = await activeProject();
    writeFileSync(join(p.root, 'track-auth-001', 'track.json'), '{"schema_version": 1, "track_id": ');
    const r = runHook('session-start', sessionStartInput(p.dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^track hook session-start: .*track\.json/);
    expect(r.ms).toBeLessThan(WELL_WITHIN);
  });

  it('copes with input that is not hook JSON, and honours a smaller budget', async () => {
    p = await activeProject();
    const garbage = runCli(['hook', 'session-start'], { cwd: p.dir, input: 'not json at all' });
    expect(garbage.code).toBe(0);
    expect(garbage.stdout).toContain('track-auth-001');
    const small = runHook('session-start', sessionStartInput(p.dir), ['--budget', '100']);
    expect(small.code).toBe(0);
    expect(small.stdout.trimEnd().length).toBeLessThanOrEqual(400);
    expect(small.stdout).toContain('## Goal');
  });
});

describe('track hook pre-compact', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());
  const checkpoints = (t: TempProject) => {
    const dir = join(t.root, 'track-auth-001', 'checkpoints');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  };

  it('writes a pre-compact checkpoint of the active track', async () => {
    p = await activeProject();
    const r = runHook('pre-compact', preCompactInput(p.dir));
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(checkpoints(p)).toEqual(['checkpoint-001.json']);
    const cp = JSON.parse(readFileSync(join(p.root, 'track-auth-001', 'checkpoints', 'checkpoint-001.json'), 'utf8'));
    expect(cp).toMatchObject({ kind: 'pre-compact', reason: 'before auto compaction', track_id: 'track-auth-001' });
  });

  it('gives up quickly on a busy lock: one stderr line, exit 0, nothing written', async () => {
    p = await activeProject();
    holdLock(p.root);
    const r = runHook('pre-compact', preCompactInput(p.dir));
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('locked');
    expect(r.ms).toBeLessThan(WELL_WITHIN);
    expect(checkpoints(p)).toEqual([]);
  });

  it('breaks a stale lock (old, owner gone) and checkpoints', async () => {
    p = await activeProject();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const lock = join(p.root, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ token: 'stale', ...selfIdentity(), pid: dead, created_at: new Date(0).toISOString() }));
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    const r = runHook('pre-compact', preCompactInput(p.dir));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(checkpoints(p)).toEqual(['checkpoint-001.json']);
    expect(existsSync(lock)).toBe(false);
  });

  it('is a silent no-op when no track is active', () => {
    p = tempProject('track-hook-idle-');
    const r = runHook('pre-compact', preCompactInput(p.dir));
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(existsSync(join(p.root, LOCK_FILE))).toBe(false);
  });
});
