import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

/** A failing command step leaves the track recoverable, and every hint on the way is a command that works. */
describe('a failing step, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const trackJson = (id: string) => JSON.parse(readFileSync(join(root(), id, 'track.json'), 'utf8'));

  /** The `track …` commands a hint quotes, in order. */
  const hintCommands = (hint: string): string[][] => [...hint.matchAll(/'track ([^']+)'/g)].map((m) => (m[1] as string).split(' '));

  /** Runs every command the hint names; each must succeed. Returns their results. */
  function followHint(hint: string) {
    const commands = hintCommands(hint);
    expect(commands.length, hint).toBeGreaterThan(0);
    return commands.map((args) => {
      const r = cli(...args, '--json');
      expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    });
  }

  function project(): string {
    t = tempDir('track-fail-');
    expect(cli('init').code).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'test', name: 'Test', type: 'testing', action: { type: 'run-command', command: 'echo run >> runs.log; test -f fixed || exit 3' } },
          { step_id: 'ship', name: 'Ship', type: 'deployment', depends_on: ['test'], action: { type: 'run-command', command: 'echo shipped' } },
        ],
      }),
    );
    const id = cli('create', '--name', 'Red test', '--goal', 'go green', '--plan', 'plan.json', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    return id;
  }

  it('keeps the track active with the step failed by default, and its hints retry the step once fixed', () => {
    const id = project();
    const failed = cli('next', '--json');
    expect(failed.code).toBe(12);
    expect(failed.json.error).toMatchObject({ code: 'STEP_FAILED', details: { step_id: 'test', track_status: 'active' } });
    expect(failed.json.error.message).toContain('exited with code 3');
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ step_id: 'test', status: 'failed' }, { status: 'pending' }] });

    // Asked again before the fix, `next` says what blocks it and how to retry.
    const waiting = cli('next');
    expect(waiting.code, waiting.stderr).toBe(0);
    expect(waiting.stdout).toContain('waiting on test (failed)');
    const retryLine = waiting.stdout.split('\n').find((l) => l.includes('retry it:')) as string;
    const [logs, ...retry] = hintCommands(failed.json.error.hint);
    expect(logs?.slice(0, 2)).toEqual(['logs', 'run-001']);
    expect(hintCommands(retryLine)).toEqual(retry);
    // --json carries the same retry commands.
    const waitingJson = cli('next', '--json');
    expect(waitingJson.json).toMatchObject({ kind: 'waiting', retry: [{ step_id: 'test' }] });
    expect(hintCommands(waitingJson.json.retry[0].command)).toEqual(retry);

    writeFileSync(join(t.dir, 'fixed'), '');
    const results = followHint(failed.json.error.hint);
    expect(results.at(-1)?.json).toMatchObject({ kind: 'completed', step: { step_id: 'test', status: 'completed' } });
    expect(readFileSync(join(t.dir, 'runs.log'), 'utf8').trim().split('\n')).toHaveLength(2);
    const ship = cli('next', '--json');
    expect(ship.json).toMatchObject({ kind: 'completed', step: { step_id: 'ship' } });
    expect(storeProblems(root())).toEqual([]);
  });

  it('a fresh session reads the failure and how to retry it from `track context`, and those commands work', () => {
    project();
    expect(cli('next').code).toBe(12);
    const context = cli('context');
    expect(context.code, context.stderr).toBe(0);
    const action = context.stdout.split('## Next action\n')[1]?.split('\n')[0] ?? '';
    expect(action).toMatch(/^step test \(Test\) failed/);
    expect(context.stdout).toContain('Failed in run-001: the command exited with code 3');
    const commands = [...action.matchAll(/`track ([^`]+)`/g)].map((m) => (m[1] as string).split(' '));
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual(['logs --step-id', 'step reset', 'next']);
    writeFileSync(join(t.dir, 'fixed'), '');
    const results = commands.map((args) => cli(...args, '--json'));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(results[0]?.json).toMatchObject({ step_id: 'test', status: 'failed', exit_code: 3 });
    expect(results.at(-1)?.json).toMatchObject({ kind: 'completed', step: { step_id: 'test' } });
  });

  it('pauses under pause_on_failure, and its hint resumes and retries', () => {
    const id = project();
    expect(cli('update', id, '--field', 'execution.pause_on_failure', '--value', 'true').code).toBe(0);
    const failed = cli('next', '--json');
    expect(failed.code).toBe(12);
    expect(trackJson(id).status).toBe('paused');
    writeFileSync(join(t.dir, 'fixed'), '');
    const results = followHint(failed.json.error.hint);
    expect(results.at(-1)?.json).toMatchObject({ kind: 'completed', step: { step_id: 'test' } });
    expect(trackJson(id).status).toBe('active');
  });

  it('fails the track only when execution.fail_track_on_failure asks, and then hints at commands that work', () => {
    const id = project();
    const set = cli('update', id, '--field', 'execution.fail_track_on_failure', '--value', 'true', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(trackJson(id).execution.fail_track_on_failure).toBe(true);
    const failed = cli('next', '--json');
    expect(failed.code).toBe(12);
    expect(trackJson(id).status).toBe('failed');
    expect(failed.json.error.hint).toContain('fail_track_on_failure');
    expect(failed.json.error.hint).not.toMatch(/track (activate|resume)/);

    // Resetting the step on the failed track is refused with the same working way out.
    const reset = cli('step', 'reset', '--step-id', 'test', '--track-id', id, '--json');
    expect(reset.code).toBe(4);
    expect(reset.json.error.hint).not.toMatch(/track (activate|resume)/);
    expect(reset.json.error.hint).toContain('the import prints to turn execution.fail_track_on_failure off');
    const [, imported] = followHint(reset.json.error.hint);
    const copy = imported?.json.track.track_id as string;
    expect(copy).not.toBe(id);
    expect(trackJson(copy)).toMatchObject({ status: 'draft', steps: [{ step_id: 'test', status: 'failed' }, { status: 'pending' }] });

    // The copy keeps the setting; the import names the command that turns it off, and it works as printed.
    expect(trackJson(copy).execution.fail_track_on_failure).toBe(true);
    expect(hintCommands(imported?.json.hint)).toEqual([['update', copy, '--field', 'execution.fail_track_on_failure', '--value', 'false']]);
    followHint(imported?.json.hint);
    expect(trackJson(copy).execution.fail_track_on_failure).toBe(false);

    // The copy carries the work on: still red, its step fails without failing the track.
    expect(cli('activate', copy).code).toBe(0);
    expect(cli('step', 'reset', '--step-id', 'test').code).toBe(0);
    expect(cli('next').code).toBe(12);
    expect(trackJson(copy).status).toBe('active');
    writeFileSync(join(t.dir, 'fixed'), '');
    expect(cli('step', 'reset', '--step-id', 'test').code).toBe(0);
    const next = cli('next', '--json');
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'test' } });
    expect(storeProblems(root())).toEqual([]);
  });

  it('loads a track file written before fail_track_on_failure existed, and keeps it active on failure', () => {
    const id = project();
    const file = join(root(), id, 'track.json');
    const old = JSON.parse(readFileSync(file, 'utf8'));
    delete old.execution.fail_track_on_failure;
    writeFileSync(file, `${JSON.stringify(old, null, 2)}\n`);
    const failed = cli('next', '--json');
    expect(failed.code).toBe(12);
    expect(trackJson(id).status).toBe('active');
  });

  it('refuses to complete a track with unfinished steps, naming them; --force completes it and records them', () => {
    const id = project();
    expect(cli('next').code).toBe(12);
    const refused = cli('complete', '--json');
    expect(refused.code).toBe(4);
    expect(refused.json.error.message).toBe(`track '${id}' has 2 unfinished step(s): test (failed), ship (pending)`);
    expect(trackJson(id).status).toBe('active');
    const [skip, force] = hintCommands(refused.json.error.hint);
    expect(skip?.slice(0, 2)).toEqual(['step', 'skip']);
    expect(force).toEqual(['complete', id, '--force']);
    const forced = cli(...(force as string[]), '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(trackJson(id).status_history.at(-1)).toMatchObject({ to: 'completed', reason: expect.stringContaining('2 unfinished step(s): test (failed)') });
  });

  it("completes a track whose every step is done or skipped, by following the refusal's skip hint", () => {
    const id = project();
    writeFileSync(join(t.dir, 'fixed'), '');
    expect(cli('next').code).toBe(0);
    const refused = cli('complete', '--json');
    expect(refused.code).toBe(4);
    const [skip] = hintCommands(refused.json.error.hint);
    expect(cli(...(skip as string[])).code).toBe(0);
    expect(cli('complete').code).toBe(0);
    expect(trackJson(id).status).toBe('completed');
  });

  it('the primer of a step an agent marked failed shows its notes, and no logs pointer for a run that ran nothing', () => {
    t = tempDir('track-fail-');
    expect(cli('init').code).toBe(0);
    const id = cli('create', '--name', 'Review', '--goal', 'g', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    expect(cli('step', 'add', '--step-id', 'review', '--name', 'Review', '--type', 'review', '--action-type', 'review').code).toBe(0);
    expect(cli('next').code).toBe(0);
    expect(cli('step', 'fail', '--step-id', 'review', '--notes', 'cannot reach the API').code).toBe(0);
    const context = cli('context').stdout;
    expect(context).toContain('Failed in run-001: cannot reach the API');
    expect(context).toMatch(/step review \(Review\) failed: fix the cause, then run `track step reset --step-id review` and run `track next`/);
  });
});
