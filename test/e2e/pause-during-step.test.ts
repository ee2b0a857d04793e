import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A track paused (or switched away from) in another shell while its step's command runs: the
 * step's result is kept through pause and resume, and the command is never run a second time.
 */
describe('pausing a track while its step runs, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const trackJson = (id: string) => JSON.parse(readFileSync(join(root(), id, 'track.json'), 'utf8'));
  const deployLines = () => readFileSync(join(t.dir, 'deploy.log'), 'utf8').trim().split('\n');

  // The command waits (at most 60 s) for the test to say go, so the pause lands while it runs however loaded the machine is.
  const DEPLOY = 'touch started; i=0; while [ ! -f go ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; sleep 1; echo done >> deploy.log';

  function project(deploy = DEPLOY): { id: string; other: string } {
    t = tempDir('track-pause-run-');
    expect(cli('init').code).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'deploy', name: 'Deploy', type: 'deployment', action: { type: 'run-command', command: deploy } },
          { step_id: 'verify', name: 'Verify', type: 'testing', depends_on: ['deploy'], action: { type: 'run-command', command: 'echo verified' } },
        ],
      }),
    );
    const id = cli('create', '--name', 'Deploy', '--goal', 'ship it', '--plan', 'plan.json', '--json').json.track_id as string;
    const other = cli('create', '--name', 'Other', '--goal', 'something else', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    return { id, other };
  }

  async function whileTheStepRuns(interrupt: () => void): Promise<{ code: number; stdout: string; stderr: string }> {
    const running = runCliAsync(['next'], { cwd: t.dir });
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(t.dir, 'started'))) {
      if (Date.now() > deadline) throw new Error('the command never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    interrupt();
    writeFileSync(join(t.dir, 'go'), '');
    return running;
  }

  it('keeps the result of a step whose track was paused while it ran, and never runs it again', async () => {
    const { id } = project();
    const first = await whileTheStepRuns(() => expect(cli('pause', '--reason', 'lunch').code).toBe(0));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('✓ deploy');
    expect(first.stdout).not.toContain('pause_on_failure');
    expect(first.stdout).toContain(`track resume ${id}`);
    expect(trackJson(id)).toMatchObject({ status: 'paused', steps: [{ step_id: 'deploy', status: 'completed' }, { status: 'pending' }] });

    const resumed = cli('resume', id);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(trackJson(id).steps[0]).toMatchObject({ step_id: 'deploy', status: 'completed' });

    const next = cli('next', '--json');
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'verify' }, recovered: [] });
    expect(deployLines()).toEqual(['done']);
    expect(storeProblems(root())).toEqual([]);
  });

  it('keeps the result of a step whose track was switched away from while it ran', async () => {
    const { id, other } = project();
    const first = await whileTheStepRuns(() => expect(cli('switch', '--to', other).code).toBe(0));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('✓ deploy');
    expect(first.stdout).not.toContain('pause_on_failure');

    // Another track is active now: the way back is a switch, and it works as printed.
    const goOn = /go on with: (track .+)$/m.exec(first.stdout)?.[1] as string;
    expect(goOn).toBe(`track switch --to ${id}`);
    const back = cli(...goOn.split(' ').slice(1));
    expect(back.code, back.stderr).toBe(0);
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ step_id: 'deploy', status: 'completed' }, { status: 'pending' }] });

    const next = cli('next', '--json');
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'verify' }, recovered: [] });
    expect(deployLines()).toEqual(['done']);
    expect(storeProblems(root())).toEqual([]);
  });

  it('a step that fails while its track is switched away from hints the switch back, and that hint works', async () => {
    const { id, other } = project(`${DEPLOY}; test -f fixed || exit 3`);
    const failed = await whileTheStepRuns(() => expect(cli('switch', '--to', other).code).toBe(0));
    expect(failed.code, failed.stderr).toBe(12);
    expect(trackJson(id)).toMatchObject({ status: 'paused', steps: [{ step_id: 'deploy', status: 'failed' }, { status: 'pending' }] });
    const hint = /\(hint: (.*)\)$/.exec(failed.stderr.trim())?.[1] as string;
    expect(hint).toContain(`'track switch --to ${id}'`);
    expect(hint).not.toContain('track resume');

    writeFileSync(join(t.dir, 'fixed'), '');
    const commands = [...hint.matchAll(/'track ([^']+)'/g)].map((m) => (m[1] as string).split(' '));
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual(['logs run-001', 'switch --to', 'step reset', 'step --step-id']);
    for (const args of commands) {
      const r = cli(...args);
      expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ step_id: 'deploy', status: 'completed' }, { status: 'pending' }] });
    expect(trackJson(other).status).toBe('paused');
    expect(storeProblems(root())).toEqual([]);
  });
});
