import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { connectMcp } from '../helpers/mcp.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

/**
 * The MCP client closes while `next` runs a command in the server (the SDK's close(): stdin
 * closed, then SIGTERM after 2 s): the server stops the command and records the step before it
 * exits, so nothing is left running unrecorded and the command runs once, not twice.
 */
describe('closing the MCP client while a command step runs, e2e', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  const runJson = (run: string) => JSON.parse(readFileSync(join(p.root, 'track-abort-001', 'workflows', run, 'run.json'), 'utf8'));
  const trackJson = () => JSON.parse(readFileSync(join(p.root, 'track-abort-001', 'track.json'), 'utf8'));
  const aborted = () => (existsSync(join(p.dir, 'abort.log')) ? readFileSync(join(p.dir, 'abort.log'), 'utf8').trim().split('\n') : []);

  it('stops the running command, records the step interrupted, and the next next runs it once', async () => {
    p = tempProject('track-mcp-shutdown-');
    writeFileSync(
      join(p.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          {
            step_id: 'slow',
            name: 'Slow',
            type: 'implementation',
            action: { type: 'run-command', command: 'touch started; sleep 6; echo finished >> abort.log' },
          },
        ],
      }),
    );
    expect(runCli(['create', '--name', 'Abort', '--goal', 'g', '--plan', 'plan.json'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['activate', 'track-abort-001'], { cwd: p.dir }).code).toBe(0);

    const server = await connectMcp(p.dir);
    const call = server.client.callTool({ name: 'next', arguments: { agent: 'claude' } }).catch((error: unknown) => error);
    const deadline = Date.now() + 30_000;
    while (!existsSync(join(p.dir, 'started'))) {
      if (Date.now() > deadline) throw new Error('the command never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.client.close();
    await call;

    // Recorded before the server exited: not left 'running' for a later `next` to guess about.
    expect(runJson('run-001')).toMatchObject({ status: 'interrupted', error: 'interrupted by SIGTERM' });
    expect(trackJson().steps[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(server.stderr()).not.toContain('Error');

    const next = runCli(['next', '--json'], { cwd: p.dir });
    expect(next.code, next.stderr).toBe(0);
    expect(next.json).toMatchObject({ kind: 'completed', step: { step_id: 'slow' }, recovered: [] });
    expect(aborted()).toEqual(['finished']);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('closed while a failed command waits for its retry: no further attempt starts, the step is recorded pending', async () => {
    p = tempProject('track-mcp-shutdown-');
    const retry = { max_attempts: 3, backoff: 'none', delay_seconds: 30 };
    writeFileSync(
      join(p.dir, 'plan.json'),
      JSON.stringify({
        steps: [{ step_id: 'flaky', name: 'Flaky', type: 'testing', retry, action: { type: 'run-command', command: 'echo ran >> abort.log; exit 3' } }],
      }),
    );
    expect(runCli(['create', '--name', 'Abort', '--goal', 'g', '--plan', 'plan.json'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['activate', 'track-abort-001'], { cwd: p.dir }).code).toBe(0);

    const server = await connectMcp(p.dir);
    const call = server.client.callTool({ name: 'next', arguments: {} }).catch((error: unknown) => error);
    const deadline = Date.now() + 30_000;
    const attempted = () => existsSync(join(p.root, 'track-abort-001', 'workflows', 'run-001', 'run.json')) && runJson('run-001').attempts.length > 0;
    while (!attempted()) {
      if (Date.now() > deadline) throw new Error('the first attempt was never recorded');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.client.close();
    await call;

    expect(runJson('run-001')).toMatchObject({ status: 'interrupted', error: 'interrupted by SIGTERM before attempt 2', attempts: [{ exit_code: 3 }] });
    expect(trackJson().steps[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(aborted()).toEqual(['ran']);
    expect(storeProblems(p.root)).toEqual([]);
  });
});
