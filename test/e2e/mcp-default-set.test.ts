import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp, type McpSession } from '../helpers/mcp.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

type Result = Awaited<ReturnType<Client['callTool']>>;
type Call = { name: string; arguments: Record<string, unknown> };
const text = (r: Result): string => (r.content[0] as { type: string; text: string }).text;
const ok = (r: Result): Result => {
  expect(r.isError, text(r)).toBeFalsy();
  return r;
};
const data = (r: Result): any => ok(r).structuredContent;
const failure = (r: Result): { code: string; message: string; hint: string; details: any } => {
  expect(r.isError, text(r)).toBe(true);
  return r.structuredContent as never;
};
/** Every tool call quoted in a hint or `next` (`name {json}`), in order. */
const callsIn = (s: string): Call[] =>
  [...s.matchAll(/`([a-z_]+) (\{[^`]*\})`/g)].map((m) => ({ name: m[1] as string, arguments: JSON.parse(m[2] as string) }));

describe('MCP default tool set', () => {
  let p: TempProject;
  let server: McpSession | undefined;
  afterEach(async () => {
    await server?.client.close();
    server = undefined;
    p?.cleanup();
  });

  async function withPlan(plan: string, args: string[] = []): Promise<{ c: Client; served: Set<string> }> {
    p = tempProject('track-mcp-default-');
    writeFileSync(join(p.dir, 'plan.yaml'), plan);
    expect(runCli(['create', '--name', 'Fix', '--goal', 'g', '--id', 'track-fix-001', '--plan', 'plan.yaml'], { cwd: p.dir }).code).toBe(0);
    expect(runCli(['activate', 'track-fix-001'], { cwd: p.dir }).code).toBe(0);
    server = await connectMcp(p.dir, args);
    const served = new Set((await server.client.listTools()).tools.map((t) => t.name));
    return { c: server.client, served };
  }

  const FAILING = `steps:
  - { step_id: check, name: Check, type: testing, action: { type: run-command, command: "test -f fixed || { echo 'not fixed yet' >&2; exit 1; }" } }
  - { step_id: ship, name: Ship, type: deployment, depends_on: [check], action: { type: manual } }
`;

  for (const [policy, plan, expected] of [
    ['the track stays active', FAILING, ['step_reset', 'next', 'run_logs']],
    ['pause_on_failure pauses the track', `execution: { pause_on_failure: true }\n${FAILING}`, ['resume', 'step_reset', 'next', 'run_logs']],
  ] as const) {
    it(`a failed step (${policy}) is retried purely by following the hint's tool calls, all of them served`, async () => {
      const { c, served } = await withPlan(plan);
      expect(served.has('step_reset')).toBe(true);
      const failed = failure(await c.callTool({ name: 'next', arguments: {} }));
      expect(failed.code).toBe('STEP_FAILED');
      expect(failed.hint).not.toContain('--all-tools');
      expect(failed.hint).not.toMatch(/`track /);
      const calls = callsIn(failed.hint);
      expect(calls.map((x) => x.name)).toEqual(expected);
      for (const call of calls) expect(served.has(call.name), call.name).toBe(true);

      if (policy === 'the track stays active') {
        // Asking again, either way, names the same way out.
        const waiting = data(await c.callTool({ name: 'next', arguments: {} }));
        expect(waiting.kind).toBe('waiting');
        expect(callsIn(waiting.next).map((x) => x.name)).toEqual(['step_reset', 'next']);
        const direct = failure(await c.callTool({ name: 'next', arguments: { step_id: 'check' } }));
        expect(direct.code).toBe('INVALID_STATE');
        expect(callsIn(direct.hint)).toEqual([
          { name: 'step_reset', arguments: { step_id: 'check' } },
          { name: 'next', arguments: { step_id: 'check' } },
        ]);
      }

      writeFileSync(join(p.dir, 'fixed'), '');
      const results = [];
      for (const call of calls.filter((x) => x.name !== 'run_logs')) results.push(data(await c.callTool(call)));
      expect(results.at(-1)).toMatchObject({ kind: 'completed', step: { step_id: 'check', status: 'completed' }, track: { status: 'active' } });
      expect(results.at(-1).next).toBe('call `next {}` for the next step');
    });
  }

  it('with --all-tools the same hint does not say "only with --all-tools"', async () => {
    const { c } = await withPlan(FAILING, ['--all-tools']);
    const failed = failure(await c.callTool({ name: 'next', arguments: {} }));
    expect(failed.hint).toMatch(/^fix the cause, then call `step_reset \{"step_id":"check"\}` and call `next \{\}`; the full output: call `run_logs /);
    expect(failed.hint).not.toContain('only with');
    const skipped = data(await c.callTool({ name: 'step_skip', arguments: { step_id: 'check' } }));
    expect(skipped.next).toBe('call `next {}` for the next step');
    const manual = data(await c.callTool({ name: 'next', arguments: { agent: 'claude' } }));
    expect(manual.next).toBe(
      'do the step, then call `step_complete {"step_id":"ship","agent":"claude"}` (outputs and notes optional); if you cannot, call `step_release {"step_id":"ship","agent":"claude"}`',
    );
  });

  it('names no tool the default set lacks: a step handed out says how to give it back from a shell', async () => {
    const { c, served } = await withPlan(`steps:\n  - { step_id: ship, name: Ship, type: deployment, action: { type: manual } }\n`);
    const handed = data(await c.callTool({ name: 'next', arguments: { agent: 'claude' } }));
    for (const call of callsIn(handed.next)) expect(served.has(call.name), call.name).toBe(true);
    expect(handed.next).toContain('run `track step release --step-id ship --agent claude` in a shell');
    const primer = text(ok(await c.callTool({ name: 'context', arguments: {} })));
    expect(primer).toContain('Claimed by claude');
    for (const call of callsIn(primer)) expect(served.has(call.name), call.name).toBe(true);
    expect(runCli(['step', 'release', '--step-id', 'ship', '--agent', 'claude'], { cwd: p.dir }).code).toBe(0);
  });
});
