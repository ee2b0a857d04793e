import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setPlan } from '../../src/features/plan/plan.js';
import { activateTrack, createTrack } from '../../src/features/tracks/lifecycle.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { BIN, runCli, runCliAsync } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

/** Plans run end to end through the built CLI. */
describe('track next / step, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const trackJson = (id: string) => JSON.parse(readFileSync(join(root(), id, 'track.json'), 'utf8'));
  const runJson = (id: string, run: string) => JSON.parse(readFileSync(join(root(), id, 'workflows', run, 'run.json'), 'utf8'));

  /** An active track with `plan`; set up through the library to keep the suite fast (the CLI path is the first test's). */
  async function project(plan: unknown): Promise<string> {
    t = tempDir('track-plan-');
    const { store } = FileStore.init({ cwd: t.dir });
    const track = (await createTrack(store, { name: 'Plan', goal: 'run it' })).track;
    await setPlan(store, { track_id: track.track_id, plan });
    await activateTrack(store, { track_id: track.track_id });
    return track.track_id;
  }

  it('runs a command, a workflow and an agent step with dependencies through next until the track completes', () => {
    t = tempDir('track-plan-');
    expect(cli('init').code).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        execution: { auto_advance: true },
        workflows: {
          build: {
            tasks: [
              { name: 'compile', command: 'echo compiled > out.txt' },
              { name: 'verify', command: 'grep -q compiled out.txt' },
            ],
          },
        },
        steps: [
          { step_id: 'prepare', name: 'Prepare', type: 'setup', action: { type: 'run-command', command: 'echo prepared' } },
          { step_id: 'build', name: 'Build', type: 'implementation', depends_on: ['prepare'], action: { type: 'run-workflow', workflow: 'build' } },
          {
            step_id: 'review',
            name: 'Review',
            type: 'review',
            depends_on: ['build'],
            action: { type: 'review', instructions: 'Check out.txt', inputs: [{ name: 'built', from_step: 'build', output: 'exit_code' }] },
          },
        ],
      }),
    );
    const created = cli('create', '--name', 'Plan', '--goal', 'run it', '--plan', 'plan.json', '--json');
    expect(created.code, created.stderr).toBe(0);
    const id = created.json.track_id;
    expect(cli('activate', id).code).toBe(0);
    let r = cli('next', '--agent', 'ann');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('prepared');
    expect(r.stdout).toContain('✓ prepare');
    r = cli('next', '--agent', 'ann', '--json');
    expect(r.json).toMatchObject({ kind: 'completed', step: { step_id: 'build', status: 'completed' } });
    r = cli('next', '--agent', 'ann', '--json');
    expect(r.json.kind).toBe('handed-off');
    expect(r.json.handoff).toMatchObject({ step_id: 'review', instructions: 'Check out.txt', inputs: [{ name: 'built', value: '0' }] });
    r = cli('status');
    expect(r.stdout).toMatch(/2\/3 steps 66\.7%/);
    expect(r.stdout).toContain('in-progress (ann)');
    r = cli('step', 'complete', 'review', '--agent', 'ann', '--output', 'verdict=fine');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('completed (all steps done)');
    const track = trackJson(id);
    expect(track.status).toBe('completed');
    expect(track.progress).toMatchObject({ completed_steps: 3, total_steps: 3, percentage: 100 });
    expect(['run-001', 'run-002', 'run-003'].map((run) => runJson(id, run).status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(readFileSync(join(root(), id, 'workflows/run-002/stdout.log'), 'utf8')).toContain("task 'verify'");
    expect(readdirSync(join(root(), id, 'checkpoints'))).toHaveLength(3);
    expect(storeProblems(root())).toEqual([]);
  });

  it('retries a failing command with backoff, then fails the step with exit 12, leaving the track active', async () => {
    const id = await project({
      steps: [
        {
          name: 'Flaky',
          type: 'testing',
          action: { type: 'run-command', command: 'echo try >> tries.txt; exit 4' },
          retry: { max_attempts: 3, backoff: 'exponential', delay_seconds: 0.05 },
        },
      ],
    });
    const r = cli('next', '--json');
    expect(r.code).toBe(12);
    expect(r.json.error.message).toContain('exited with code 4');
    expect(readFileSync(join(t.dir, 'tries.txt'), 'utf8').trim().split('\n')).toHaveLength(3);
    const run = runJson(id, 'run-001');
    expect(run).toMatchObject({ status: 'failed', attempts: [{ exit_code: 4 }, { exit_code: 4 }, { exit_code: 4 }] });
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ status: 'failed', attempts: 3 }] });
  });

  it('stops a command at its timeout and pauses the track under pause_on_failure', async () => {
    const id = await project({
      execution: { pause_on_failure: true },
      steps: [{ step_id: 'slow', name: 'Slow', type: 'testing', action: { type: 'run-command', command: 'sleep 20' }, timing: { timeout_minutes: 0.01 } }],
    });
    const started = Date.now();
    const r = cli('next');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(12);
    expect(r.stderr).toContain('timed out');
    const track = trackJson(id);
    expect(track.status).toBe('paused');
    expect(track.steps[0].status).toBe('failed');
    expect(runJson(id, 'run-001').status).toBe('timed-out');
    expect(cli('resume', id).code).toBe(0);
    expect(cli('step', 'reset', 'slow').code).toBe(0);
    expect(trackJson(id).steps[0].status).toBe('pending');
  });

  it('rejects a cycle, a dangling dependency and an unknown action type when the plan is written', async () => {
    await project({ steps: [{ step_id: 'a', name: 'A', type: 'setup', action: { type: 'manual' } }] });
    writeFileSync(
      join(t.dir, 'cycle.yaml'),
      'steps:\n  - { step_id: a, name: A, type: setup, action: { type: manual }, depends_on: [c] }\n  - { step_id: b, name: B, type: setup, action: { type: manual }, depends_on: [a] }\n  - { step_id: c, name: C, type: setup, action: { type: manual }, depends_on: [b] }\n',
    );
    let r = cli('plan', 'set', 'cycle.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dependency cycle: [abc] → [abc] → [abc] → [abc]/);
    r = cli('step', 'add', '--name', 'B', '--action-type', 'manual', '--depends-on', 'ghost');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('depends on unknown step(s) ghost');
    r = cli('step', 'add', '--name', 'B', '--action-type', 'teleport');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be one of run-command');
    expect(cli('step', 'add', '--name', 'B', '--action-type', 'manual', '--depends-on', 'a').code).toBe(0);
    r = cli('step', 'edit', 'a', '--depends-on', 'step-001');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cycle');
    r = cli('step', 'step-001');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("step 'step-001' is blocked by a (pending)");
  });

  it('never executes on --dry-run, and never splices outputs into a shell', async () => {
    await project({
      steps: [
        { step_id: 'ask', name: 'Ask', type: 'research', action: { type: 'wait-for-input' } },
        {
          step_id: 'echo',
          name: 'Echo',
          type: 'implementation',
          depends_on: ['ask'],
          action: { type: 'run-command', command: 'echo "got: $TRACK_INPUT_ANSWER"', inputs: [{ name: 'answer', from_step: 'ask' }] },
        },
      ],
    });
    expect(cli('next').code).toBe(0);
    expect(cli('step', 'complete', 'ask', '--output', 'answer=$(touch pwned); `touch pwned2`').code).toBe(0);
    const dry = cli('next', '--dry-run', '--json');
    expect(dry.json.would.command).toBe('echo "got: $TRACK_INPUT_ANSWER"');
    expect(existsSync(join(t.dir, '.claude/conductor/tracks', dry.json.track.track_id, 'workflows/run-002'))).toBe(false);
    const r = cli('next');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('got: $(touch pwned); `touch pwned2`');
    expect(existsSync(join(t.dir, 'pwned'))).toBe(false);
    expect(existsSync(join(t.dir, 'pwned2'))).toBe(false);
  });

  it('gives 8 agents calling next at once 8 different steps', async () => {
    const steps = Array.from({ length: 8 }, (_, i) => ({
      name: `Part ${i + 1}`,
      type: 'implementation',
      action: { type: 'spawn-agent', instructions: `do part ${i + 1}` },
    }));
    await project({ execution: { checkpoint_frequency: 'none' }, steps });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => runCliAsync(['next', '--agent', `agent-${i}`, '--json'], { cwd: t.dir })));
    const got = results.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return r.json.step.step_id;
    });
    expect(new Set(got).size).toBe(8);
    const again = cli('next', '--agent', 'agent-3', '--json');
    expect(again.json.step.step_id).toBe(got[3]);
  });

  it('reports a command step whose next was killed as interrupted, never completed, and runs it again after', async () => {
    const id = await project({
      steps: [
        {
          step_id: 'long',
          name: 'Long',
          type: 'implementation',
          action: { type: 'run-command', command: 'if [ -f once ]; then echo second run; else touch once; echo $$ > pid.txt; exec sleep 30; fi' },
        },
      ],
    });
    const child = runCliAsync(['next'], { cwd: t.dir, detached: false });
    const pidFile = join(t.dir, 'pid.txt');
    const deadline = Date.now() + 15_000;
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error('the command never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const running = runJson(id, 'run-001');
    expect(running.status).toBe('running');
    process.kill(running.owner.pid, 'SIGKILL');
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
    await child;
    let r = cli('next', '--json');
    expect(r.code).toBe(12);
    expect(r.json.error.message).toContain('interrupted: long (run-001)');
    expect(runJson(id, 'run-001').status).toBe('interrupted');
    expect(trackJson(id).steps[0].status).toBe('pending');
    r = cli('next');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('second run');
    expect(storeProblems(root())).toEqual([]);
  });

  it('passes Ctrl-C on to a running command and leaves the step pending, not failed', async () => {
    const id = await project({
      steps: [{ step_id: 'wait', name: 'Wait', type: 'implementation', action: { type: 'run-command', command: 'echo $$ > pid.txt; exec sleep 30' } }],
    });
    const child = spawn(process.execPath, [BIN, 'next'], { cwd: t.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const pidFile = join(t.dir, 'pid.txt');
    const deadline = Date.now() + 15_000;
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error('the command never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    expect(await closed).toBe(12);
    expect(stderr).toContain('interrupted by SIGINT; the step is pending again');
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'interrupted', attempts: [{ signal: 'SIGINT' }] });
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ status: 'pending', attempts: 1 }] });
  });

  /** Starts `track next` and waits until the step's command wrote its pid file. */
  async function nextRunning(): Promise<{ child: ReturnType<typeof spawn>; closed: Promise<number | null>; stderr: () => string }> {
    const child = spawn(process.execPath, [BIN, 'next'], { cwd: t.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const pidFile = join(t.dir, 'pid.txt');
    const deadline = Date.now() + 15_000;
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error('the command never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { child, closed, stderr: () => stderr };
  }

  it('kills a command that ignores the forwarded SIGTERM after the grace period, at once on a second signal', async () => {
    const id = await project({
      steps: [
        {
          step_id: 'stubborn',
          name: 'Stubborn',
          type: 'implementation',
          action: { type: 'run-command', command: "trap '' TERM; echo $$ > pid.txt; sleep 60; echo end > end.txt" },
        },
      ],
    });
    let running = await nextRunning();
    const started = Date.now();
    running.child.kill('SIGTERM');
    expect(await running.closed).toBe(12);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(4_000);
    expect(waited).toBeLessThan(30_000);
    expect(existsSync(join(t.dir, 'end.txt'))).toBe(false);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'interrupted' });
    rmSync(join(t.dir, 'pid.txt'));
    running = await nextRunning();
    const again = Date.now();
    running.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    running.child.kill('SIGTERM');
    expect(await running.closed).toBe(12);
    expect(Date.now() - again).toBeLessThan(4_000);
    expect(existsSync(join(t.dir, 'end.txt'))).toBe(false);
  });

  it('records a command that still exits 0 after the forwarded signal as completed, never to be run again', async () => {
    const id = await project({
      steps: [
        {
          step_id: 'finish',
          name: 'Finish',
          type: 'implementation',
          action: { type: 'run-command', command: "trap 'echo caught >> done.log' TERM; echo $$ > pid.txt; sleep 1; echo work >> done.log" },
        },
      ],
    });
    const running = await nextRunning();
    running.child.kill('SIGTERM');
    expect(await running.closed, running.stderr()).toBe(0);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'succeeded' });
    expect(trackJson(id).steps[0]).toMatchObject({ status: 'completed' });
    expect(readFileSync(join(t.dir, 'done.log'), 'utf8')).toContain('work');
  });
});
