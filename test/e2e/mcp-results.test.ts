import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp, type McpSession } from '../helpers/mcp.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

type Result = Awaited<ReturnType<Client['callTool']>>;
const text = (r: Result): string => (r.content[0] as { type: string; text: string }).text;
const ok = (r: Result): Result => {
  expect(r.isError, text(r)).toBeFalsy();
  return r;
};
const data = (r: Result): any => ok(r).structuredContent;

/** The first tool call quoted as `name {json}` after `after` in `text`: what an agent would call. */
function quotedCall(from: string, after: string): { name: string; arguments: Record<string, unknown> } {
  const m = new RegExp(`${after} \`([a-z_]+) (\\{[^\`]*\\})\``).exec(from);
  if (!m?.[1] || !m[2]) throw new Error(`no tool call after '${after}' in:\n${from}`);
  return { name: m[1], arguments: JSON.parse(m[2]) };
}

const PLAN = `steps:
  - { step_id: design, name: Design the API, type: design, action: { type: manual, instructions: Sketch the endpoints. } }
  - { step_id: build, name: Build it, type: implementation, depends_on: [design], action: { type: manual, instructions: Implement the endpoints. } }
  - { step_id: test, name: Run the tests, type: testing, depends_on: [build], action: { type: run-command, command: "seq 1 3000; echo 'assert: expected 2, got 3' >&2; exit 3" } }
  - { step_id: ship, name: Ship, type: deployment, depends_on: [test], action: { type: manual } }
`;

describe('MCP results an agent can act on', () => {
  let p: TempProject;
  let server: McpSession | undefined;
  afterEach(async () => {
    await server?.client.close();
    server = undefined;
    p?.cleanup();
  });

  async function planned(): Promise<Client> {
    p = tempProject('track-mcp-results-');
    writeFileSync(join(p.dir, 'plan.yaml'), PLAN);
    expect(runCli(['create', '--name', 'API', '--goal', 'Ship the API', '--plan', 'plan.yaml'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['activate', 'track-api-001'], { cwd: p.dir }).code).toBe(0);
    server = await connectMcp(p.dir);
    return server.client;
  }

  it('next and step_complete report the step, progress and the next call, not the track document', async () => {
    const c = await planned();
    const handed = ok(await c.callTool({ name: 'next', arguments: { agent: 'claude' } }));
    // bench/mcp.mjs measures a plan like this one: 2,844 characters (the whole track as JSON) before, 640 now.
    expect(text(handed).length).toBeLessThan(900);
    expect(handed.structuredContent).toMatchObject({
      kind: 'handed-off',
      track: { track_id: 'track-api-001', status: 'active' },
      progress: { completed_steps: 0, total_steps: 4 },
      step: { step_id: 'design', name: 'Design the API', status: 'in-progress', holder: 'claude' },
      handoff: { instructions: 'Sketch the endpoints.' },
    });
    expect(text(handed)).not.toContain('status_history');
    expect(text(handed)).not.toContain('Implement the endpoints.'); // no other step's details

    // The next call it names works as given.
    const done = ok(await c.callTool(quotedCall((handed.structuredContent as { next: string }).next, 'then call')));
    expect(text(done).length).toBeLessThan(500); // 2,533 characters before
    expect(done.structuredContent).toMatchObject({
      kind: 'complete',
      step: { step_id: 'design', status: 'completed' },
      progress: { completed_steps: 1, total_steps: 4, percentage: 25 },
      next: 'call `next {"agent":"claude"}` for the next step',
    });
  });

  it('a failed command step returns the end of its stderr; run_logs reads its logs, bounded, by run or step id only', async () => {
    const c = await planned();
    ok(await c.callTool({ name: 'next', arguments: { agent: 'claude' } })); // run-001: an agent step, no logs
    ok(await c.callTool({ name: 'step_complete', arguments: { step_id: 'design', agent: 'claude' } }));
    ok(await c.callTool({ name: 'step_complete', arguments: { step_id: 'build' } })); // closed without a run
    const failed = await c.callTool({ name: 'next', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toMatch(/^STEP_FAILED: step 'test' failed: the command exited with code 3/);
    expect(text(failed)).toContain('stderr (last lines):\n--- attempt 1');
    expect(text(failed)).toContain('assert: expected 2, got 3');
    expect(text(failed)).toContain('\n3000\n'); // the end of stdout, not its start
    expect(text(failed)).not.toContain('\n1\n2\n');
    expect(text(failed).length).toBeLessThan(3_000);
    const details = (failed.structuredContent as { details: any }).details;
    expect(details).toMatchObject({ step_id: 'test', run: { run_id: 'run-002', status: 'failed', exit_code: 3 } });
    expect(details.run.tail.stderr).toContain('assert: expected 2, got 3');

    // The hint names the tool that reads the logs; calling it as given works.
    const logs = ok(await c.callTool(quotedCall((failed.structuredContent as { hint: string }).hint, 'the full output: call')));
    expect(logs.structuredContent).toBeUndefined();
    expect(text(logs)).toMatch(/^run-002 of track-api-001 \(step test\): failed, exit 3 — the command exited with code 3\n/);
    expect(text(logs)).toContain('--- stderr (');
    expect(text(logs)).toContain('assert: expected 2, got 3');
    expect(text(logs)).toMatch(/--- stdout \(last \d+ of \d+ bytes\) ---/); // 3000 lines: only the end
    expect(text(logs).length).toBeLessThan(8_000 * 2 + 500);

    const byStep = ok(await c.callTool({ name: 'run_logs', arguments: { track_id: 'track-api-001', step_id: 'test', stream: 'stderr', max_bytes: 200 } }));
    expect(text(byStep)).toContain('assert: expected 2, got 3');
    expect(text(byStep)).not.toContain('--- stdout');
    const latest = ok(await c.callTool({ name: 'run_logs', arguments: { track_id: 'track-api-001' } }));
    expect(text(latest)).toMatch(/^run-002 /);

    const badId = await c.callTool({ name: 'run_logs', arguments: { track_id: 'track-api-001', run_id: '../../../etc' } });
    expect(badId.structuredContent).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('run_id') });
    const missing = await c.callTool({ name: 'run_logs', arguments: { track_id: 'track-api-001', run_id: 'run-099' } });
    expect(missing.structuredContent).toMatchObject({ code: 'NOT_FOUND', message: "run 'run-099' does not exist in track track-api-001" });
    const agentStep = ok(await c.callTool({ name: 'run_logs', arguments: { track_id: 'track-api-001', run_id: 'run-001' } }));
    expect(text(agentStep)).toContain('(no logs: this run executed no command)');
    const path = await c.callTool({ name: 'run_logs', arguments: { path: '/etc/passwd' } });
    expect(path.structuredContent).toMatchObject({ code: 'VALIDATION', details: { unknown: ['path'] } });

    // The CLI reads the same logs.
    const cli = runCli(['logs', 'run-002', '--track-id', 'track-api-001', '--stream', 'stderr'], { cwd: p.dir });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('assert: expected 2, got 3');
    expect(runCli(['logs', '--track-id', 'track-api-001', '--bytes', 'lots'], { cwd: p.dir }).code).toBe(2);
  });

  it('a failure that pauses the track gets a hint in tool calls that, followed in order, retries the step', async () => {
    p = tempProject('track-mcp-retry-');
    writeFileSync(
      join(p.dir, 'plan.yaml'),
      `execution: { pause_on_failure: true }
steps:
  - { step_id: check, name: Check, type: testing, action: { type: run-command, command: "test -f fixed || { echo 'not fixed yet' >&2; exit 1; }" } }
`,
    );
    expect(runCli(['create', '--name', 'Fix', '--goal', 'g', '--plan', 'plan.yaml'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['activate', 'track-fix-001'], { cwd: p.dir }).code).toBe(0);
    server = await connectMcp(p.dir, ['--all-tools']);
    const c = server.client;
    const failed = await c.callTool({ name: 'next', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toContain('not fixed yet');
    const hint = (failed.structuredContent as { hint: string }).hint;
    expect(hint).not.toMatch(/['`]track /); // tool calls, not command lines
    expect(hint).not.toContain('only with'); // this server runs every tool
    const calls = [...hint.matchAll(/`([a-z_]+) (\{[^`]*\})`/g)].map((m) => ({ name: m[1] as string, arguments: JSON.parse(m[2] as string) }));
    expect(calls.map((x) => x.name)).toEqual(['resume', 'step_reset', 'next', 'run_logs']);
    writeFileSync(join(p.dir, 'fixed'), '');
    for (const call of calls.slice(0, 3)) ok(await c.callTool(call));
    expect(data(await c.callTool({ name: 'show', arguments: { track_id: 'track-fix-001' } })).steps[0].status).toBe('completed');
  });

  it('refuses unknown arguments, naming the accepted ones, and changes nothing', async () => {
    p = tempProject('track-mcp-args-');
    server = await connectMcp(p.dir);
    const c = server.client;
    const typo = await c.callTool({ name: 'create', arguments: { nme: 'Auth', name: 'Auth', goal: 'g' } });
    expect(typo.isError).toBe(true);
    expect(typo.structuredContent).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/^create does not take the argument 'nme'; it takes name, type, goal, priority, /),
      details: { unknown: ['nme'], accepted: expect.arrayContaining(['name', 'goal', 'priority']) },
    });
    expect(data(await c.callTool({ name: 'list', arguments: {} })).tracks).toEqual([]);
    const none = await c.callTool({ name: 'list', arguments: { statuss: ['active'], tipe: ['feature'] } });
    expect(text(none)).toContain("list does not take the arguments 'statuss', 'tipe'; it takes status, type, priority");
  });

  it('context is Markdown text; with no track active it names the paused tracks and a resume call that works', async () => {
    p = tempProject('track-mcp-idle-');
    writeFileSync(join(p.dir, 'plan.yaml'), PLAN);
    expect(runCli(['create', '--name', 'API', '--goal', 'Ship the API', '--plan', 'plan.yaml'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['activate', 'track-api-001'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['next', '--agent', 'claude'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['pause'], { cwd: p.dir }).code).toBe(0);
    server = await connectMcp(p.dir);
    const c = server.client;

    const idle = ok(await c.callTool({ name: 'context', arguments: {} }));
    expect(idle.structuredContent).toBeUndefined();
    expect(text(idle)).toMatch(/^# No track is active\n/);
    expect(text(idle)).toContain('- track-api-001 — API (P2, 0/4 steps, at design, paused ');
    const resource = await c.readResource({ uri: 'track://active/context' });
    expect((resource.contents[0] as { text: string }).text).toBe(text(idle));
    const resume = quotedCall(text(idle), 'resume it: call');
    expect(resume).toEqual({ name: 'resume', arguments: { track_id: 'track-api-001' } });
    ok(await c.callTool(resume));

    // The claimed step's context names its holder and the calls that complete or release it.
    const primer = text(ok(await c.callTool({ name: 'context', arguments: {} })));
    expect(primer).toMatch(/^# Track: API \(track-api-001\)/);
    expect(primer).toContain('Claimed by claude since');
    const complete = quotedCall(primer, 'When done: call');
    expect(complete).toEqual({ name: 'step_complete', arguments: { step_id: 'design', agent: 'claude' } });
    expect(primer).toContain("To give it back: run `track step release --step-id design --agent claude` in a shell (no tool for it in this server's set).");
    ok(await c.callTool({ ...complete, arguments: { ...complete.arguments, outputs: { doc: 'docs/api.md' }, notes: 'REST' } }));
    expect(text(ok(await c.callTool({ name: 'context', arguments: {} })))).toContain('- design — Design the API (completed');
    expect(server.stderr()).toBe('');
  });
});
