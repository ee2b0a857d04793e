import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp } from '../helpers/mcp.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A fresh session is told what the current step needs, as `next` told the session that took it:
 * the workflow task it waits at (name and instructions) and the inputs resolved from earlier
 * steps' outputs — in `track context`, the SessionStart hook and MCP `context` alike.
 */
describe('the primer shows the hand-off of the current step, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const hook = () =>
    runCli(['hook', 'session-start'], { cwd: t.dir, input: JSON.stringify({ hook_event_name: 'SessionStart', source: 'startup', cwd: t.dir }) });

  async function everyFace(): Promise<string[]> {
    const server = await connectMcp(t.dir);
    try {
      const mcp = await server.client.callTool({ name: 'context', arguments: {} });
      return [cli('context').stdout, hook().stdout, (mcp.content as { text: string }[])[0]?.text ?? ''];
    } finally {
      await server.client.close();
    }
  }

  function project(plan: unknown): void {
    t = tempDir('track-primer-handoff-');
    expect(cli('init').code).toBe(0);
    writeFileSync(join(t.dir, 'plan.json'), JSON.stringify(plan));
    const id = cli('create', '--name', 'Build', '--goal', 'ship it', '--plan', 'plan.json', '--json').json.track_id as string;
    expect(cli('activate', id).code).toBe(0);
  }

  it('a run-workflow step waiting at an agent task: the task name and its instructions', async () => {
    project({
      workflows: {
        build: {
          tasks: [
            { name: 'compile', command: 'true' },
            { name: 'review-diff', agent: 'claude', instructions: 'Read the compiled diff and list risky changes' },
            { name: 'package', command: 'true' },
          ],
        },
      },
      steps: [{ step_id: 'build', name: 'Build', type: 'implementation', action: { type: 'run-workflow', workflow: 'build' } }],
    });
    const handed = cli('next', '--agent', 'claude', '--json');
    expect(handed.json).toMatchObject({
      kind: 'handed-off',
      handoff: { name: 'Build: review-diff', instructions: 'Read the compiled diff and list risky changes' },
    });

    for (const md of await everyFace()) {
      expect(md).toContain('Workflow: build');
      expect(md).toContain('Waiting at task: review-diff (agent: claude)');
      expect(md).toContain('Read the compiled diff and list risky changes');
      expect(md).toContain('Claimed by claude');
    }
    expect(JSON.parse(cli('context', '--format', 'json').stdout)).toMatchObject({
      current_step: { step_id: 'build', task: { name: 'review-diff', agent: 'claude', instructions: 'Read the compiled diff and list risky changes' } },
    });
  });

  it("a step with inputs: each input's resolved value and where it comes from", async () => {
    project({
      steps: [
        { step_id: 'probe', name: 'Probe', type: 'testing', action: { type: 'run-command', command: 'true' } },
        {
          step_id: 'check',
          name: 'Check',
          type: 'review',
          depends_on: ['probe'],
          action: {
            type: 'review',
            instructions: 'Compare with the probe',
            inputs: [
              { name: 'probe_exit', from_step: 'probe', output: 'exit_code' },
              { name: 'later', from_step: 'probe', output: 'missing' },
            ],
          },
        },
      ],
    });
    expect(cli('next').code).toBe(0);
    const handed = cli('next');
    expect(handed.stdout).toContain('input probe_exit = 0 (from probe.exit_code)');

    for (const md of await everyFace()) {
      expect(md).toContain('## Current step: check');
      expect(md).toContain('- probe_exit = 0 (from probe.exit_code)');
      expect(md).toContain('- later = (not available yet) (from probe.missing)');
    }
  });
});
