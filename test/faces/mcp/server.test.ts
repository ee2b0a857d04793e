import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { namedTools } from '../../../src/core/face-commands.js';
import { createTrackServer } from '../../../src/faces/mcp/server.js';
import { defineTool, type TrackTool } from '../../../src/faces/mcp/tool.js';
import { TOOLS, toolsFor } from '../../../src/faces/mcp/tools.js';
import { type TempProject, tempProject } from '../../helpers/temp.js';

/** A long-running operation as issue #3's command steps will be: it reports progress as it goes. */
const slowTool = defineTool({
  name: 'slow',
  set: 'core',
  description: 'Counts to n, reporting progress.',
  input: z.object({ n: z.int().check(z.gte(1), z.lte(10)) }),
  run: async (a, ctx) => {
    for (let i = 1; i <= a.n; i++) await ctx.progress({ progress: i, total: a.n, message: `step ${i}` });
    return { counted: a.n };
  },
});

const crashingTool = defineTool({
  name: 'crash',
  set: 'core',
  description: 'Throws a plain error.',
  input: z.object({}),
  run: async () => {
    throw new Error('boom\nwith a second line');
  },
});

async function connected(tools: TrackTool[], p: TempProject): Promise<Client> {
  const server = createTrackServer({ name: 'test', version: '0', tools, openStore: () => p.store });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-client', version: '0' });
  await client.connect(clientSide);
  return client;
}

describe('MCP server plumbing', () => {
  let p: TempProject;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    p?.cleanup();
  });

  it('sends progress notifications to a caller that asked for them', async () => {
    p = tempProject();
    client = await connected([slowTool], p);
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    const r = await client.callTool({ name: 'slow', arguments: { n: 3 } }, { onprogress: (u) => seen.push(u) });
    expect(r.structuredContent).toEqual({ counted: 3 });
    expect(seen.map((u) => [u.progress, u.total, u.message])).toEqual([
      [1, 3, 'step 1'],
      [2, 3, 'step 2'],
      [3, 3, 'step 3'],
    ]);
    const quiet = await client.callTool({ name: 'slow', arguments: { n: 2 } });
    expect(quiet.structuredContent).toEqual({ counted: 2 });
  });

  it('maps an unexpected exception to a one-line INTERNAL tool error with a hint', async () => {
    p = tempProject();
    client = await connected([crashingTool], p);
    const r = await client.callTool({ name: 'crash', arguments: {} });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({ code: 'INTERNAL', message: 'internal error: boom', hint: expect.stringContaining('TRACK_DEBUG') });
    // The same shape as the CLI's --json errors: exactly these keys, details always an object.
    expect(Object.keys(r.structuredContent ?? {}).sort()).toEqual(['code', 'details', 'hint', 'message']);
  });

  it('validates arguments with the same schema it advertises', async () => {
    p = tempProject();
    client = await connected([slowTool], p);
    const { tools } = await client.listTools();
    expect(tools[0]?.inputSchema).toMatchObject({ properties: { n: { type: 'integer', minimum: 1, maximum: 10 } }, required: ['n'] });
    const r = await client.callTool({ name: 'slow', arguments: { n: 11 } });
    expect(r.structuredContent).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('n') });
  });

  it('refuses an argument the tool does not take, naming the ones it does, before running it', async () => {
    p = tempProject();
    let ran = 0;
    const counting = defineTool({
      ...slowTool,
      name: 'counting',
      run: async (a) => {
        ran += Number(a.n);
        return { counted: ran };
      },
    });
    client = await connected([counting], p);
    const r = await client.callTool({ name: 'counting', arguments: { n: 2, m: 1 } });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({
      code: 'VALIDATION',
      // Every tool also takes the directory it acts from (`cwd`: its worktree's lane).
      message: "counting does not take the argument 'm'; it takes n, cwd",
      hint: 'call counting with only: n, cwd',
      details: { unknown: ['m'], accepted: ['n', 'cwd'] },
    });
    expect(ran).toBe(0);
    expect((await client.callTool({ name: 'counting', arguments: { n: 2 } })).structuredContent).toEqual({ counted: 2 });
  });

  it('sends a text result as text content, not wrapped in JSON', async () => {
    p = tempProject();
    const md = defineTool({ name: 'md', set: 'core', description: 'Markdown.', input: z.object({}), run: async () => '# Title\n\nbody\n' });
    client = await connected([md], p);
    const r = await client.callTool({ name: 'md', arguments: {} });
    expect(r.content).toEqual([{ type: 'text', text: '# Title\n\nbody\n' }]);
    expect(r.structuredContent).toBeUndefined();
  });

  it('keeps the core set small and every name unique', () => {
    const names = TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(toolsFor(false).length).toBeLessThan(toolsFor(true).length);
    expect(toolsFor(false).length).toBeLessThanOrEqual(15);
  });

  it('the tools that hints name are served in the set the hints assume', () => {
    for (const { tool, extended } of namedTools()) {
      expect(TOOLS.find((t) => t.name === tool)?.set, tool).toBe(extended ? 'extended' : 'core');
    }
  });

  it('activate and switch refuse unfinished prerequisites, and take force, recorded in the history', async () => {
    p = tempProject();
    client = await connected(toolsFor(true), p);
    const c = client;
    const call = (name: string, args: Record<string, unknown>) => c.callTool({ name, arguments: args });
    await call('create', { name: 'Base', goal: 'g' });
    await call('create', { name: 'Top', goal: 'g' });
    await call('update', { track_id: 'track-top-002', field: 'context.prerequisites', value: 'track-base-001' });
    const refused = await call('activate', { track_id: 'track-top-002' });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({ code: 'CONFLICT', hint: 'complete them first, or `activate {"track_id":"track-top-002","force":true}`' });
    const forced = await call('activate', { track_id: 'track-top-002', force: true });
    expect(forced.isError).toBeFalsy();
    const history = ((await call('history', { track_id: 'track-top-002' })).structuredContent as { history: Array<{ reason?: string }> }).history;
    expect(history.some((h) => h.reason?.includes('prerequisites overridden with --force'))).toBe(true);
    await call('create', { name: 'Next', goal: 'g' });
    await call('update', { track_id: 'track-next-003', field: 'context.prerequisites', value: 'track-base-001' });
    const refusedSwitch = await call('switch', { to: 'track-next-003' });
    expect(refusedSwitch.structuredContent).toMatchObject({ code: 'CONFLICT', hint: 'complete them first, or `switch {"to":"track-next-003","force":true}`' });
    expect((await call('switch', { to: 'track-next-003', force: true })).isError).toBeFalsy();
  });
});
