import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The process running a step dies (SIGKILL, a closed terminal) while its command runs on: the
 * command's own wrapper records how it ended, and the next `next` applies that result instead of
 * calling the step interrupted and running the command again.
 */
describe('a runner that dies while its command runs on, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const runDir = (id: string, run: string) => join(root(), id, 'workflows', run);
  const runJson = (id: string, run: string) => JSON.parse(readFileSync(join(runDir(id, run), 'run.json'), 'utf8'));
  const trackJson = (id: string) => JSON.parse(readFileSync(join(root(), id, 'track.json'), 'utf8'));
  const lines = (name: string) => (existsSync(join(t.dir, name)) ? readFileSync(join(t.dir, name), 'utf8').trim().split('\n') : []);

  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '');
    } catch {
      return false;
    }
  };

  async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // Waits (at most 60 s) for the test to say go, so the runner is gone before the command ends however loaded the machine is.
  const GATED = (tail: string) => `touch started; i=0; while [ ! -f go ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; ${tail}`;

  function project(command: string, extra: Record<string, unknown> = {}): string {
    t = tempDir('track-runner-killed-');
    expect(cli('init').code).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'deploy', name: 'Deploy', type: 'deployment', action: { type: 'run-command', command }, ...extra },
          { step_id: 'verify', name: 'Verify', type: 'testing', depends_on: ['deploy'], action: { type: 'run-command', command: 'echo verified' } },
        ],
      }),
    );
    const id = cli('create', '--name', 'Deploy', '--goal', 'ship it', '--plan', 'plan.json', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    return id;
  }

  /** Starts `track next`, SIGKILLs it once its command runs, lets the command finish on its own, and waits until it has. */
  async function killRunnerAndLetTheCommandFinish(id: string): Promise<void> {
    const running = runCliAsync(['next'], { cwd: t.dir });
    await until('the command to start', () => existsSync(join(t.dir, 'started')));
    process.kill(runJson(id, 'run-001').owner.pid, 'SIGKILL');
    await running;
    writeFileSync(join(t.dir, 'go'), '');
    const leader = JSON.parse(readFileSync(join(runDir(id, 'run-001'), 'command.json'), 'utf8')).pid as number;
    await until('the command to end', () => lines('deploy.log').length > 0 && !alive(leader));
  }

  it('a command that succeeded after its runner was killed is recorded completed, never run again', async () => {
    const id = project(GATED('echo finished >> deploy.log'));
    await killRunnerAndLetTheCommandFinish(id);
    expect(lines('deploy.log')).toEqual(['finished']);

    const next = cli('next', '--json');
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toMatchObject({
      kind: 'completed',
      step: { step_id: 'verify' },
      recovered: [{ step_id: 'deploy', run_id: 'run-001', outcome: 'completed' }],
    });
    expect(lines('deploy.log')).toEqual(['finished']);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'succeeded', outputs: { exit_code: '0' }, attempts: [{ attempt: 1, exit_code: 0 }] });
    expect(trackJson(id).steps[0]).toMatchObject({ step_id: 'deploy', status: 'completed', attempts: 1 });
    // The record the command's wrapper wrote is private, like every file of the store, and doctor is content with it.
    expect(statSync(join(runDir(id, 'run-001'), 'command-exit.json')).mode & 0o777).toBe(0o600);
    expect(cli('doctor').code).toBe(0);
    expect(storeProblems(root())).toEqual([]);

    // Export and import carry the run directory, the record included, and the copy is healthy too.
    expect(cli('export', id, '--out', 'deploy.bundle.json').code).toBe(0);
    const imported = cli('import', 'deploy.bundle.json', '--rename', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(existsSync(join(runDir(imported.json.track.track_id, 'run-001'), 'command-exit.json'))).toBe(true);
    expect(cli('doctor').code).toBe(0);
  });

  it('a command that prints after its runner was killed still finishes, its output in the logs, and is recorded completed', async () => {
    // Its output went to a pipe the dead runner read: the first line after the kill ended it with SIGPIPE (exit 141).
    const id = project(GATED('echo finished; echo done >&2; echo finished >> deploy.log'));
    await killRunnerAndLetTheCommandFinish(id);
    expect(readFileSync(join(runDir(id, 'run-001'), 'stdout.log'), 'utf8')).toMatch(/finished\n$/);
    expect(readFileSync(join(runDir(id, 'run-001'), 'stderr.log'), 'utf8')).toMatch(/done\n$/);

    const next = cli('next', '--json');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', recovered: [{ step_id: 'deploy', run_id: 'run-001', outcome: 'completed' }] });
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'succeeded', attempts: [{ attempt: 1, exit_code: 0 }] });
    expect(lines('deploy.log')).toEqual(['finished']);
  });

  it('a command that failed after its runner was killed counts as a failed attempt: retried as configured, never run beside itself', async () => {
    const id = project(GATED('echo ran >> deploy.log; if [ -f once ]; then exit 0; fi; touch once; exit 3'), {
      retry: { max_attempts: 2, backoff: 'none', delay_seconds: 0 },
    });
    await killRunnerAndLetTheCommandFinish(id);

    const next = cli('next', '--json');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'deploy', attempts: 2 } });
    expect(next.json.recovered).toEqual([expect.objectContaining({ step_id: 'deploy', run_id: 'run-001', outcome: 'retry' })]);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'failed', attempts: [{ attempt: 1, exit_code: 3 }] });
    expect(lines('deploy.log')).toEqual(['ran', 'ran']);
    expect(storeProblems(root())).toEqual([]);
  });

  it('without attempts left, the recorded failure fails the step, and the hint retries it', async () => {
    const id = project(GATED('echo ran >> deploy.log; test -f fixed || exit 3'));
    await killRunnerAndLetTheCommandFinish(id);

    const next = cli('next', '--json');
    expect(next.code, next.stderr).toBe(12);
    expect(next.json.error.message).toContain("step 'deploy' failed");
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'failed', attempts: [{ exit_code: 3 }] });
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ step_id: 'deploy', status: 'failed', attempts: 1 }, { status: 'pending' }] });
    expect(lines('deploy.log')).toEqual(['ran']);

    writeFileSync(join(t.dir, 'fixed'), '');
    const commands = [...(next.json.error.hint as string).matchAll(/'track ([^']+)'/g)].map((m) => (m[1] as string).split(' '));
    expect(commands.length).toBeGreaterThan(0);
    for (const args of commands) {
      const r = cli(...args);
      expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(trackJson(id).steps[0]).toMatchObject({ step_id: 'deploy', status: 'completed' });
  });

  /** A workflow of three command tasks, the second gated; each task appends its name to wf.log. */
  function workflowProject(): string {
    t = tempDir('track-runner-killed-');
    expect(cli('init').code).toBe(0);
    const tasks = [
      { name: 'one', command: 'echo one >> wf.log' },
      { name: 'two', command: `echo two-started >> wf.log; ${GATED('echo two >> wf.log')}` },
      { name: 'three', command: 'echo three >> wf.log' },
    ];
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({ steps: [{ step_id: 'build', name: 'Build', type: 'implementation', action: { type: 'run-workflow', tasks } }] }),
    );
    const id = cli('create', '--name', 'Build', '--goal', 'g', '--plan', 'plan.json', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    return id;
  }

  it('a workflow whose runner was killed goes on from the task after the one that finished; no task runs twice', async () => {
    const id = workflowProject();
    const running = runCliAsync(['next'], { cwd: t.dir });
    await until('task two to start', () => existsSync(join(t.dir, 'started')));
    process.kill(runJson(id, 'run-001').owner.pid, 'SIGKILL');
    await running;
    writeFileSync(join(t.dir, 'go'), '');
    const leader = JSON.parse(readFileSync(join(runDir(id, 'run-001'), 'command.json'), 'utf8')).pid as number;
    await until('task two to end', () => lines('wf.log').includes('two') && !alive(leader));

    const next = cli('next', '--json');
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'build', status: 'completed' }, run: { run_id: 'run-001' } });
    expect(next.json.recovered).toEqual([expect.objectContaining({ step_id: 'build', outcome: 'retry', exit_code: 0, continues_at: 'three' })]);
    expect(lines('wf.log')).toEqual(['one', 'two-started', 'two', 'three']);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'succeeded', tasks: [{ status: 'succeeded' }, { status: 'succeeded' }, { status: 'succeeded' }] });
    expect(storeProblems(root())).toEqual([]);
  });

  it('a workflow interrupted by Ctrl-C goes on from the interrupted task at the next next, not from its first', async () => {
    const id = workflowProject();
    const running = runCliAsync(['next'], { cwd: t.dir });
    await until('task two to start', () => existsSync(join(t.dir, 'started')));
    process.kill(runJson(id, 'run-001').owner.pid, 'SIGINT');
    expect((await running).code).toBe(12);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'interrupted', next_task: 1 });
    writeFileSync(join(t.dir, 'go'), '');

    const next = cli('next', '--json');
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'build' }, run: { run_id: 'run-001', status: 'succeeded' } });
    expect(lines('wf.log')).toEqual(['one', 'two-started', 'two-started', 'two', 'three']);

    // A reset starts the workflow over.
    expect(cli('step', 'reset', '--step-id', 'build').code).toBe(0);
    expect(cli('next', '--json').json).toMatchObject({ kind: 'completed', run: { run_id: 'run-002' } });
    expect(lines('wf.log').slice(5)).toEqual(['one', 'two-started', 'two', 'three']);
  });

  it('a closed terminal (SIGHUP to track next) stops the command and records the step interrupted; it runs once afterwards', async () => {
    const id = project(GATED('echo finished >> deploy.log'));
    const running = runCliAsync(['next'], { cwd: t.dir });
    await until('the command to start', () => existsSync(join(t.dir, 'started')));
    process.kill(runJson(id, 'run-001').owner.pid, 'SIGHUP');
    const hungUp = await running;
    expect(hungUp.code, hungUp.stderr).toBe(12);
    expect(hungUp.stderr).toContain('interrupted by SIGHUP');
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'interrupted', error: 'interrupted by SIGHUP' });
    writeFileSync(join(t.dir, 'go'), '');
    expect(trackJson(id).steps[0]).toMatchObject({ status: 'pending', attempts: 1 });

    const next = cli('next', '--json');
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'deploy' }, recovered: [] });
    expect(lines('deploy.log')).toEqual(['finished']);
    expect(storeProblems(root())).toEqual([]);
  });
});
