/** `next` checks the exact command text before every attempt, not only when it claims the step. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextStep } from '../../src/features/plan/next.js';
import { setPlan } from '../../src/features/plan/plan.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

describe('next in a store shared through git', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('a command pulled in between two attempts of a step is not run: the attempt fails naming it', async () => {
    p = tempProject('track-next-trust-', { git: true });
    const id = (await life.createTrack(p.store, { name: 'Retry', goal: 'g' })).track.track_id;
    await setPlan(p.store, {
      track_id: id,
      plan: {
        steps: [
          {
            step_id: 'flaky',
            name: 'Flaky',
            type: 'testing',
            action: { type: 'run-command', command: 'exit 1' },
            retry: { max_attempts: 2, backoff: 'none', delay_seconds: 0 },
          },
        ],
      },
    });
    await life.activateTrack(p.store, { track_id: id });
    const file = join(p.root, id, 'track.json');
    let pulled = false;
    const r = await nextStep(p.store, {
      // Called once the failed first attempt is recorded, before the retry: a pull changes the command now.
      onProgress: ({ elapsed_ms }) => {
        if (pulled || elapsed_ms !== 0) return;
        pulled = true;
        writeFileSync(`${file}.pull`, readFileSync(file, 'utf8').replace('"exit 1"', '"echo pulled > pulled.out"'));
        renameSync(`${file}.pull`, file);
      },
    });
    expect(pulled).toBe(true);
    expect(r.kind).toBe('failed');
    expect(r.error).toContain('not approved: echo pulled > pulled.out');
    expect(existsSync(join(p.dir, 'pulled.out'))).toBe(false);
  });
});
