import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** A step claimed by one agent is skipped or reset only by its holder, like complete, fail and release. */
describe('skip and reset respect claims, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir, env: { TRACK_AGENT: 'someone-else' } });
  const step = (id: string, stepId: string) =>
    JSON.parse(readFileSync(join(root(), id, 'track.json'), 'utf8')).steps.find((s: { step_id: string }) => s.step_id === stepId);

  function project(): string {
    t = tempDir('track-claims-');
    expect(cli('init').code).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'a', name: 'Write it', type: 'implementation', action: { type: 'manual' } },
          { step_id: 'test', name: 'Test it', type: 'testing', action: { type: 'run-command', command: 'test -f fixed' } },
        ],
      }),
    );
    const id = cli('create', '--name', 'Work', '--goal', 'g', '--plan', 'plan.json', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    return id;
  }

  for (const action of ['skip', 'reset'] as const) {
    it(`step ${action} of a step another agent holds is refused (exit 11); the hint is the holder's command, and it works`, () => {
      const id = project();
      expect(cli('next', '--agent', 'y', '--json').json).toMatchObject({ kind: 'handed-off', step: { step_id: 'a' } });
      const refused = cli('step', action, '--step-id', 'a', '--agent', 'z', '--json');
      expect(refused.code).toBe(11);
      expect(refused.json.error).toMatchObject({ code: 'CONFLICT', message: "step 'a' is held by y" });
      expect(step(id, 'a')).toMatchObject({ status: 'in-progress', claim: { holder: 'y' } });
      // The default agent (TRACK_AGENT) is no holder either.
      expect(cli('step', action, '--step-id', 'a').code).toBe(11);

      const hint = refused.json.error.hint as string;
      expect(hint).toBe(`'track step ${action} --step-id a --agent y' to act as y, or ask y to 'track step release --step-id a --agent y'`);
      const own = /'track ([^']+)'/.exec(hint)?.[1] ?? '';
      const done = cli(...own.split(' '));
      expect(done.code, done.stderr).toBe(0);
      expect(step(id, 'a')).toMatchObject({ status: action === 'skip' ? 'skipped' : 'pending' });
      expect(step(id, 'a').claim).toBeUndefined();
    });
  }

  it("complete's refusal over a claimed step names the holder's skip, and it works", () => {
    const id = project();
    expect(cli('next', '--agent', 'y').code).toBe(0);
    const refused = cli('complete', id, '--json');
    expect(refused.code).toBe(4);
    const skip = /'(track step skip [^']+)'/.exec(refused.json.error.hint)?.[1] as string;
    expect(skip).toBe(`track step skip --step-id a --track-id ${id} --agent y`);
    expect(cli(...skip.split(' ').slice(1)).code).toBe(0);
    expect(step(id, 'a').status).toBe('skipped');
  });

  it('anyone may still reset a failed step (it has no holder) to retry it', () => {
    const id = project();
    expect(cli('step', 'complete', '--step-id', 'a', '--agent', 'y').code).toBe(0);
    expect(cli('next', '--agent', 'y').code).toBe(12);
    expect(step(id, 'test').status).toBe('failed');
    writeFileSync(join(t.dir, 'fixed'), '');
    expect(cli('step', 'reset', '--step-id', 'test', '--agent', 'z').code).toBe(0);
    expect(cli('next', '--agent', 'z', '--json').json).toMatchObject({ kind: 'completed', step: { step_id: 'test' } });
  });
});
