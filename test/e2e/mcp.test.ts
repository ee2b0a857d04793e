import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file-store.js';
import { BIN } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { setSteps, step } from '../helpers/plan.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const CORE = ['context', 'list', 'show', 'create', 'activate', 'pause', 'resume', 'switch', 'complete'];

async function connect(dir: string, extraArgs: string[] = []): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...extraArgs],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => {
    stderr += d;
  });
  const client = new Client({ name: 'track-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

type Result = Awaited<ReturnType<Client['callTool']>>;
const structured = (r: Result): any => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  const text = (r.content[0] as { type: string; text: string }).text;
  expect(JSON.parse(text)).toEqual(r.structuredContent);
  return r.structuredContent;
};

describe('track mcp over stdio, driven by the official SDK client', () => {
  let p: TempProject;
  let server: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    p = tempProject('track-mcp-');
    server = await connect(p.dir);
  });
  afterAll(async () => {
    await server?.client.close();
    p?.cleanup();
  });

  it('lists the lean core tool set with schemas generated from the validators', async () => {
    const listed = await server.client.listTools();
    const { tools } = listed;
    expect(tools.map((t) => t.name)).toEqual(CORE);
    // The host pays for this in every session: keep the default list near its measured 823 tokens.
    expect(JSON.stringify(listed).length / 4).toBeLessThan(1000);
    const create = tools.find((t) => t.name === 'create');
    expect(create?.inputSchema).toMatchObject({ type: 'object', required: ['name', 'goal'] });
    expect((create?.inputSchema.properties as any)?.priority?.enum).toEqual(['P0', 'P1', 'P2', 'P3']);
    for (const t of tools) expect(t.description?.length ?? 0).toBeLessThanOrEqual(120);
  });

  it('drives a track create → activate → context → pause → resume → complete, checking every result', async () => {
    const c = server.client;
    const created = structured(
      await c.callTool({ name: 'create', arguments: { name: 'Auth', goal: 'Add OAuth 2.0', success_criteria: ['login works'], priority: 'P1' } }),
    );
    expect(created).toMatchObject({ track_id: 'track-auth-001', status: 'draft', priority: 'P1' });
    await setSteps(p.store, 'track-auth-001', [step('design', 0, { status: 'completed' }), step('build', 1), step('verify', 2)]);

    const activated = structured(await c.callTool({ name: 'activate', arguments: { track_id: 'track-auth-001' } }));
    expect(activated.track.status).toBe('active');
    expect(activated.track.status_history.map((h: any) => h.to)).toEqual(['draft', 'ready', 'active']);

    const listed = structured(await c.callTool({ name: 'list', arguments: { status: ['active'] } }));
    expect(listed.tracks.map((t: any) => t.track_id)).toEqual(['track-auth-001']);

    const context = structured(await c.callTool({ name: 'context', arguments: {} }));
    expect(context.primer).toContain('# Track: Auth (track-auth-001)');
    expect(context.primer).toContain('progress 1/3 steps');
    expect(context.primer).toContain('Do build carefully.');
    expect(context.primer).toContain('- login works');

    const resource = await c.readResource({ uri: 'track://active/context' });
    expect((resource.contents[0] as { text: string }).text).toBe(context.primer);

    const paused = structured(await c.callTool({ name: 'pause', arguments: { reason: 'lunch' } }));
    expect(paused.track.status).toBe('paused');
    expect(paused.checkpoint.checkpoint_id).toBe('checkpoint-001');
    expect(paused.checkpoint.checksum).toMatch(/^sha256:/);

    const resumed = structured(await c.callTool({ name: 'resume', arguments: { track_id: 'track-auth-001' } }));
    expect(resumed.track.status).toBe('active');
    expect(resumed.checkpoint.checkpoint_id).toBe('checkpoint-001');

    const shown = structured(await c.callTool({ name: 'show', arguments: {} }));
    expect(shown.steps.map((s: any) => s.step_id)).toEqual(['design', 'build', 'verify']);

    const done = structured(await c.callTool({ name: 'complete', arguments: {} }));
    expect(done.track.status).toBe('completed');
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('returns tool errors carrying code, message and hint, and keeps serving', async () => {
    const c = server.client;
    const bad = await c.callTool({ name: 'activate', arguments: { track_id: '../etc' } });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('track_id'), hint: expect.any(String) });

    const missing = await c.callTool({ name: 'show', arguments: { track_id: 'track-nope-404' } });
    expect(missing.structuredContent).toMatchObject({ code: 'NOT_FOUND', hint: "run 'track list' to see the track ids" });

    const wrongState = await c.callTool({ name: 'pause', arguments: { track_id: 'track-auth-001' } });
    expect(wrongState.structuredContent).toMatchObject({ code: 'INVALID_STATE' });
    expect((wrongState.content[0] as { text: string }).text).toMatch(/^INVALID_STATE: .*\(hint: /);

    const badCreate = await c.callTool({ name: 'create', arguments: { name: '', goal: 'x', priority: 'P9' } });
    expect(badCreate.structuredContent).toMatchObject({ code: 'VALIDATION' });

    const after = structured(await c.callTool({ name: 'list', arguments: {} }));
    expect(after.tracks).toHaveLength(1);
    expect(server.stderr()).toBe('');
  });
});

describe('track mcp --all-tools', () => {
  it('adds the extended tools, which work like the core ones', async () => {
    const p = tempProject('track-mcp-all-');
    const { client } = await connect(p.dir, ['--all-tools']);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining([...CORE, 'get_active', 'ready', 'fail', 'cancel', 'archive', 'update', 'history']));
      structured(await client.callTool({ name: 'create', arguments: { name: 'Perf', goal: 'Faster' } }));
      const updated = structured(await client.callTool({ name: 'update', arguments: { track_id: 'track-perf-001', field: 'priority', value: 'P0' } }));
      expect(updated.track.priority).toBe('P0');
      structured(await client.callTool({ name: 'cancel', arguments: { track_id: 'track-perf-001', reason: 'dropped' } }));
      const history = structured(await client.callTool({ name: 'history', arguments: { track_id: 'track-perf-001' } }));
      expect(history.history.map((h: any) => h.to)).toEqual(['draft', 'cancelled']);
      expect(structured(await client.callTool({ name: 'get_active', arguments: {} }))).toEqual({ active: null });
      expect(FileStore.open({ cwd: p.dir }).root).toBe(p.root);
    } finally {
      await client.close();
      p.cleanup();
    }
  });
});
