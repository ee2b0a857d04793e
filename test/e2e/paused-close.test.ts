import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { connectMcp } from '../helpers/mcp.js';
import { tempDir } from '../helpers/temp.js';

/**
 * An agent finishes a step it was handed after its track was paused and another track became
 * active: its result is recorded on the paused track and survives going back to it. Running steps
 * still needs the track active, and every hint on the way is a command that works.
 */
describe('closing a handed-out step of a paused track, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir, env: { TRACK_AGENT: 'someone-else' } });
  const trackJson = (id: string) => JSON.parse(readFileSync(join(root(), id, 'track.json'), 'utf8'));
  const runJson = (id: string, run: string) => JSON.parse(readFileSync(join(root(), id, 'workflows', run, 'run.json'), 'utf8'));
  const goOn = (out: string) => (/go on with: (track .+)$/m.exec(out)?.[1] ?? '').split(' ').slice(1);

  /** T has two agent steps; `a` is handed to agent y, then T is paused and O made active. */
  function handedOutThenPaused(): { id: string; other: string } {
    t = tempDir('track-paused-close-');
    expect(cli('init').code).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'a', name: 'Write it', type: 'implementation', action: { type: 'manual', instructions: 'write it' } },
          { step_id: 'b', name: 'Review it', type: 'review', depends_on: ['a'], action: { type: 'manual' } },
        ],
      }),
    );
    const id = cli('create', '--name', 'Work', '--goal', 'g', '--plan', 'plan.json', '--json').json.track_id as string;
    const other = cli('create', '--name', 'Other', '--goal', 'g', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
    expect(cli('next', '--agent', 'y', '--json').json).toMatchObject({ kind: 'handed-off', step: { step_id: 'a' } });
    expect(cli('pause', id).code).toBe(0);
    expect(cli('activate', other).code).toBe(0);
    return { id, other };
  }

  it('step complete records the result on the paused track, and it survives the switch back the output names', () => {
    const { id, other } = handedOutThenPaused();
    const done = cli('step', 'complete', '--step-id', 'a', '--agent', 'y', '--track-id', id, '--output', 'pr=42');
    expect(done.code, done.stderr).toBe(0);
    expect(trackJson(id)).toMatchObject({ status: 'paused', steps: [{ step_id: 'a', status: 'completed', outputs: { pr: '42' } }, { status: 'pending' }] });
    expect(runJson(id, 'run-001').status).toBe('succeeded');
    expect(trackJson(other).status).toBe('active');

    const back = goOn(done.stdout);
    expect(back).toEqual(['switch', '--to', id]);
    // A fresh session reading the paused track is told the same way back.
    expect(cli('context', '--track-id', id).stdout).toContain(`the track is paused: run \`track switch --to ${id}\` first`);
    const switched = cli(...back);
    expect(switched.code, switched.stderr).toBe(0);
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ step_id: 'a', status: 'completed', outputs: { pr: '42' } }, { status: 'pending' }] });
    expect(cli('next', '--agent', 'y', '--json').json).toMatchObject({ kind: 'handed-off', step: { step_id: 'b' } });
    expect(cli('doctor').code).toBe(0);
    expect(storeProblems(root())).toEqual([]);
  });

  it('step fail and step release work on the paused track too, and resume keeps what they did', () => {
    const { id } = handedOutThenPaused();
    const released = cli('step', 'release', '--step-id', 'a', '--agent', 'y', '--track-id', id);
    expect(released.code, released.stderr).toBe(0);
    expect(trackJson(id).steps[0]).toMatchObject({ step_id: 'a', status: 'pending' });
    expect(trackJson(id).steps[0].claim).toBeUndefined();

    // Another holder's claim is still refused, with a command that works.
    expect(cli('switch', '--to', id).code).toBe(0);
    expect(cli('next', '--agent', 'y', '--json').json).toMatchObject({ kind: 'handed-off', step: { step_id: 'a' } });
    expect(cli('pause', id).code).toBe(0);
    const refused = cli('step', 'fail', '--step-id', 'a', '--agent', 'z', '--track-id', id, '--json');
    expect(refused.code).toBe(11);
    const holders = /'track ([^']+)'/.exec(refused.json.error.hint as string)?.[1] ?? '';
    expect(holders).toBe(`step fail --step-id a --agent y --track-id ${id}`);
    const failed = cli(...holders.split(' '), '--notes', 'cannot be done');
    expect(failed.code, failed.stderr).toBe(0);
    expect(trackJson(id)).toMatchObject({ status: 'paused', steps: [{ step_id: 'a', status: 'failed', notes: 'cannot be done' }, { status: 'pending' }] });

    expect(cli(...goOn(failed.stdout)).code).toBe(0);
    expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ step_id: 'a', status: 'failed' }, { status: 'pending' }] });
    expect(storeProblems(root())).toEqual([]);
  });

  it('MCP: step_complete on the paused track names the switch back as a call, and it works', async () => {
    const { id } = handedOutThenPaused();
    const server = await connectMcp(t.dir);
    try {
      const done = await server.client.callTool({ name: 'step_complete', arguments: { step_id: 'a', agent: 'y', track_id: id } });
      expect(done.isError, JSON.stringify(done.content)).toBeFalsy();
      const next = (done.structuredContent as { next: string }).next;
      expect(next).toBe(`the track is paused: call \`switch {"to":"${id}"}\` to go on`);
      const back = await server.client.callTool({ name: 'switch', arguments: { to: id } });
      expect(back.isError, JSON.stringify(back.content)).toBeFalsy();
      expect(trackJson(id)).toMatchObject({ status: 'active', steps: [{ step_id: 'a', status: 'completed' }, { status: 'pending' }] });
    } finally {
      await server.client.close();
    }
  });

  it('running a step still needs the track active; the refusal names the switch that works', () => {
    const { id } = handedOutThenPaused();
    const refused = cli('next', '--track-id', id, '--agent', 'y', '--json');
    expect(refused.code).toBe(4);
    expect(refused.json.error.hint).toBe(`track switch --to ${id}`);
    const fixed = cli(...(refused.json.error.hint as string).split(' ').slice(1));
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(cli('next', '--agent', 'y', '--json').json).toMatchObject({ kind: 'handed-off', step: { step_id: 'a' } });
  });
});
