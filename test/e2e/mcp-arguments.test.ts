import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp, type McpSession } from '../helpers/mcp.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

type Result = Awaited<ReturnType<Client['callTool']>>;
const text = (r: Result): string => (r.content[0] as { type: string; text: string }).text;
const ids = (r: Result): string[] => {
  expect(r.isError, text(r)).toBeFalsy();
  return (r.structuredContent as { tracks: Array<{ track_id: string }> }).tracks.map((t) => t.track_id);
};

describe('MCP arguments: a value or a list for list filters; errors in our words', () => {
  let p: TempProject;
  let server: McpSession;
  let c: Client;
  beforeAll(async () => {
    p = tempProject('track-mcp-args-');
    for (const [name, priority] of [
      ['Auth', 'P1'],
      ['Docs', 'P3'],
    ]) {
      expect(runCli(['create', '--name', name as string, '--goal', 'g', '--priority', priority as string], { cwd: p.dir }).code).toBe(0);
    }
    expect(runCli(['activate', 'track-auth-001'], { cwd: p.dir }).code).toBe(0);
    server = await connectMcp(p.dir, ['--all-tools']);
    c = server.client;
  });
  afterAll(async () => {
    await server?.client.close();
    p?.cleanup();
  });

  it('takes a single value wherever a list filter is taken', async () => {
    expect(ids(await c.callTool({ name: 'list', arguments: { status: 'active' } }))).toEqual(['track-auth-001']);
    expect(ids(await c.callTool({ name: 'list', arguments: { status: ['active', 'draft'] } }))).toEqual(['track-auth-001', 'track-docs-002']);
    expect(ids(await c.callTool({ name: 'list', arguments: { priority: 'P3', type: 'feature' } }))).toEqual(['track-docs-002']);
    const stats = await c.callTool({ name: 'stats', arguments: { type: 'feature' } });
    expect(stats.isError, text(stats)).toBeFalsy();
  });

  /** The error of a call: one line naming the argument and what it accepts, never the validator's text or a CLI command. */
  async function refused(name: string, args: Record<string, unknown>): Promise<{ message: string; hint: string }> {
    const r = await c.callTool({ name, arguments: args });
    expect(r.isError).toBe(true);
    const e = r.structuredContent as { code: string; message: string; hint: string };
    expect(e.code).toBe('VALIDATION');
    expect(e.message).not.toMatch(/Invalid input|expected array|received/);
    expect(`${e.message} ${e.hint}`).not.toContain('\n');
    expect(e.hint).not.toMatch(/'track |`track /);
    return e;
  }

  it('says which argument is wrong, what it got and what it accepts; the hint is a call that works', async () => {
    const bogus = await refused('list', { status: 'bogus' });
    expect(bogus.message).toBe(
      'invalid status: got "bogus", expected one of draft, ready, active, paused, completed, failed, cancelled, archived, or a list of them',
    );
    expect(bogus.hint).toBe('for example: call `list {"status":"draft"}`');
    expect(ids(await c.callTool({ name: 'list', arguments: { status: 'draft' } }))).toEqual(['track-docs-002']);

    expect((await refused('list', { status: ['active', 'nope'] })).message).toBe(
      'invalid status[1]: got "nope", expected one of draft, ready, active, paused, completed, failed, cancelled, archived',
    );
    expect((await refused('list', { priority: 7 })).message).toBe('invalid priority: got 7, expected one of P0, P1, P2, P3, or a list of them');
    expect((await refused('create', { goal: 'g' })).message).toBe('create needs name: non-empty text of at most 200 characters');
    expect((await refused('context', { budget: 0 })).message).toBe('invalid budget: got 0, expected a whole number from 1 to 100000');
    expect((await refused('activate', { track_id: 'x', force: 'yes' })).message).toBe('invalid force: got "yes", expected true or false');
    expect((await refused('run_logs', { run_id: '../x' })).message).toBe('invalid run_id: got "../x", expected an id like run-001 or run-001-k3x9p');
    expect((await refused('step_complete', { step_id: 'a', outputs: 'x' })).message).toBe(
      'invalid outputs: got "x", expected an object whose values are text of at most 20,000 characters',
    );

    const missing = await refused('switch', {});
    expect(missing.message).toBe('switch needs to: lowercase letters, digits and hyphens (at most 100, not starting or ending with a hyphen)');
    expect(missing.hint).toBe('call `list {}` for the track ids');
    const step = await refused('next', { step_id: 'Build It' });
    expect(step.message).toMatch(/^invalid step_id: got "Build It", expected lowercase letters, digits and hyphens/);
    expect(step.hint).toBe("call `show {}` for the plan's step ids");
    for (const hint of [missing.hint, step.hint]) {
      const [, name, json] = /`([a-z_]+) (\{.*\})`/.exec(hint) ?? [];
      const followed = await c.callTool({ name: name as string, arguments: JSON.parse(json as string) });
      expect(followed.isError, text(followed)).toBeFalsy();
    }
  });
});
