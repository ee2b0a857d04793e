import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp, type McpSession } from '../helpers/mcp.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

type Result = Awaited<ReturnType<Client['callTool']>>;

/** The call quoted as `name {json}` right after `after` in `text`: what an agent following it literally calls. */
function quotedCall(from: string, after: string): { name: string; arguments: Record<string, unknown> } {
  const m = new RegExp(`${after} \`([a-z_]+) (\\{[^\`]*\\})\``).exec(from);
  if (!m?.[1] || !m[2]) throw new Error(`no tool call after '${after}' in:\n${from}`);
  return { name: m[1], arguments: JSON.parse(m[2]) };
}

const PLAN = `steps:
  - { step_id: design, name: Design, type: design, action: { type: manual } }
  - { step_id: build, name: Build, type: implementation, depends_on: [design], action: { type: manual } }
  - { step_id: test, name: Test, type: testing, depends_on: [build], action: { type: run-command, command: "test -f fixed" } }
`;

/** Whoever asked for the step gets follow-ups that name them: following one never acts as someone else. */
describe('follow-ups carry the agent given, e2e', () => {
  let p: TempProject;
  let server: McpSession | undefined;
  afterEach(async () => {
    await server?.client.close();
    server = undefined;
    p?.cleanup();
  });

  function planned(): void {
    p = tempProject('track-follow-ups-');
    writeFileSync(join(p.dir, 'plan.yaml'), PLAN);
    expect(runCli(['create', '--name', 'API', '--goal', 'g', '--plan', 'plan.yaml'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['activate', 'track-api-001'], { cwd: p.dir }).code).toBe(0);
  }

  it('MCP: the next call after step_complete, and after a failed step, names the agent, and following them literally keeps it', async () => {
    planned();
    server = await connectMcp(p.dir);
    const c = server.client;
    const handed = (await c.callTool({ name: 'next', arguments: { agent: 'claude' } })) as Result;
    const done = (await c.callTool(quotedCall((handed.structuredContent as { next: string }).next, 'then call'))) as Result;
    const next = (done.structuredContent as { next: string }).next;
    expect(next).toBe('call `next {"agent":"claude"}` for the next step');

    const build = (await c.callTool(quotedCall(next, 'call'))) as Result;
    expect(build.structuredContent).toMatchObject({ kind: 'handed-off', step: { step_id: 'build', holder: 'claude' } });
    await c.callTool({ name: 'step_complete', arguments: { step_id: 'build', agent: 'claude' } });

    const failed = (await c.callTool({ name: 'next', arguments: { agent: 'claude' } })) as Result;
    expect(failed.isError).toBe(true);
    const hint = (failed.structuredContent as { hint: string }).hint;
    expect(hint).toContain('call `next {"agent":"claude"}`');
  });

  it('CLI: step complete --agent names the agent in its next line; a failed step hint keeps it too', () => {
    planned();
    const cli = (...args: string[]) => runCli(args, { cwd: p.dir, env: { TRACK_AGENT: 'someone-else' } });
    expect(cli('next', '--agent', 'claude').code).toBe(0);
    const done = cli('step', 'complete', '--step-id', 'design', '--agent', 'claude');
    expect(done.stdout).toContain('next: track next --agent claude');
    expect(cli('next', '--agent', 'claude').code).toBe(0);
    expect(cli('step', 'complete', '--step-id', 'build', '--agent', 'claude').code).toBe(0);

    const failed = cli('next', '--agent', 'claude', '--json');
    expect(failed.code).toBe(12);
    expect(failed.json.error.hint).toContain("'track step --step-id test --agent claude'");
  });
});
