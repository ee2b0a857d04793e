import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `track restore` to a checkpoint taken before a step was handed out rewinds the step; the run of
 * that hand-off, which nothing waits on any more, is closed as interrupted by the same restore
 * instead of staying `waiting` forever.
 */
describe('restore closes the runs of the hand-offs it rewinds, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const runJson = (id: string, run: string) => JSON.parse(readFileSync(join(root(), id, 'workflows', run, 'run.json'), 'utf8'));

  function project(): string {
    t = tempDir('track-restore-runs-');
    expect(cli('init').code).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'a', name: 'Design', type: 'design', action: { type: 'manual' } },
          { step_id: 'b', name: 'Build', type: 'implementation', depends_on: ['a'], action: { type: 'manual' } },
        ],
      }),
    );
    const id = cli('create', '--name', 'Work', '--goal', 'g', '--plan', 'plan.json', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    return id;
  }

  it('a hand-off rewound by restore is closed; the track completes with no run left waiting, and doctor agrees', () => {
    const id = project();
    expect(cli('checkpoint', '--reason', 'before the design').code).toBe(0);
    expect(cli('next', '--agent', 'y', '--json').json).toMatchObject({ kind: 'handed-off', run: { run_id: 'run-001', status: 'waiting' } });

    const restored = cli('restore', '--checkpoint', 'checkpoint-001', '--json');
    expect(restored.code, restored.stderr).toBe(0);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'interrupted', error: 'its step was rewound by restoring checkpoint-001' });
    expect(runJson(id, 'run-001').ended_at).toBeDefined();

    for (const step of ['a', 'b']) {
      expect(cli('next', '--agent', 'y', '--json').json).toMatchObject({ kind: 'handed-off', step: { step_id: step } });
      expect(cli('step', 'complete', '--step-id', step, '--agent', 'y').code).toBe(0);
    }
    expect(cli('complete', id).code).toBe(0);
    const runs = cli('runs', '--track-id', id, '--json').json.runs as { run_id: string; status: string }[];
    expect(runs.map((r) => [r.run_id, r.status])).toEqual([
      ['run-001', 'interrupted'],
      ['run-002', 'succeeded'],
      ['run-003', 'succeeded'],
    ]);
    expect(cli('doctor').code).toBe(0);
  });

  it('a hand-off the checkpoint already holds stays open, and its holder completes it', () => {
    const id = project();
    expect(cli('next', '--agent', 'y').code).toBe(0);
    const taken = cli('checkpoint', '--reason', 'while designing', '--json').json.checkpoint_id as string;
    expect(cli('learn', 'something to undo').code).toBe(0);
    expect(cli('restore', '--checkpoint', taken).code).toBe(0);
    expect(runJson(id, 'run-001').status).toBe('waiting');
    expect(cli('step', 'complete', '--step-id', 'a', '--agent', 'y').code).toBe(0);
    expect(runJson(id, 'run-001').status).toBe('succeeded');
  });
});
