import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file/file-store.js';
import { storeProblems } from '../helpers/invariants.js';
import { connectMcp } from '../helpers/mcp.js';
import { setSteps, step } from '../helpers/plan.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const CORE = [
  'context',
  'list',
  'show',
  'create',
  'activate',
  'pause',
  'resume',
  'switch',
  'complete',
  'next',
  'step_complete',
  'step_reset',
  'run_logs',
  'decide',
  'checkpoint',
];

const connect = connectMcp;

type Result = Awaited<ReturnType<Client['callTool']>>;
/** A tool result that is Markdown text, not JSON. */
const markdown = (r: Result): string => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  expect(r.structuredContent).toBeUndefined();
  return (r.content[0] as { type: string; text: string }).text;
};
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
    // The host pays for this in every session: keep the default list near its measured 1,670 tokens (15 tools,
    // each with the optional `cwd` that lets a session that moved into a worktree act in its lane: ~8 tokens a tool).
    expect(JSON.stringify(listed).length / 4).toBeLessThan(1700);
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
    expect(created.track).toMatchObject({ track_id: 'track-auth-001', status: 'draft', priority: 'P1' });
    await setSteps(p.store, 'track-auth-001', [step('design', 0, { status: 'completed' }), step('build', 1), step('verify', 2)]);

    const activated = structured(await c.callTool({ name: 'activate', arguments: { track_id: 'track-auth-001' } }));
    expect(activated.track).toMatchObject({ track_id: 'track-auth-001', status: 'active', progress: { completed_steps: 1, total_steps: 3 } });
    expect(structured(await c.callTool({ name: 'show', arguments: {} })).status_history.map((h: any) => h.to)).toEqual(['draft', 'ready', 'active']);

    const listed = structured(await c.callTool({ name: 'list', arguments: { status: ['active'] } }));
    expect(listed.tracks.map((t: any) => t.track_id)).toEqual(['track-auth-001']);

    const primer = markdown(await c.callTool({ name: 'context', arguments: {} }));
    expect(primer).toContain('# Track: Auth (track-auth-001)');
    expect(primer).toContain('progress 1/3 steps');
    expect(primer).toContain('Do build carefully.');
    expect(primer).toContain('- login works');

    const resource = await c.readResource({ uri: 'track://active/context' });
    expect((resource.contents[0] as { text: string }).text).toBe(primer);

    const paused = structured(await c.callTool({ name: 'pause', arguments: { reason: 'lunch' } }));
    expect(paused.track.status).toBe('paused');
    expect(paused.checkpoint.checkpoint_id).toBe('checkpoint-001');
    expect(paused.checkpoint.checksum).toMatch(/^sha256:/);

    const resumed = structured(await c.callTool({ name: 'resume', arguments: { track_id: 'track-auth-001' } }));
    expect(resumed.track.status).toBe('active');
    expect(resumed.checkpoint.checkpoint_id).toBe('checkpoint-001');

    const shown = structured(await c.callTool({ name: 'show', arguments: {} }));
    expect(shown.steps.map((s: any) => s.step_id)).toEqual(['design', 'build', 'verify']);

    // Steps are still pending: complete refuses, naming them, unless forced (recorded in the history).
    const early = await c.callTool({ name: 'complete', arguments: {} });
    expect(early.structuredContent).toMatchObject({ code: 'INVALID_STATE', details: { unfinished_steps: expect.any(Array) } });
    const done = structured(await c.callTool({ name: 'complete', arguments: { force: true } }));
    expect(done.track.status).toBe('completed');
    const completed = structured(await c.callTool({ name: 'show', arguments: { track_id: done.track.track_id } }));
    expect(completed.status_history.at(-1).reason).toBe('completed with 2 unfinished step(s): build (pending), verify (pending)');
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('returns tool errors carrying code, message and hint, and keeps serving', async () => {
    const c = server.client;
    const bad = await c.callTool({ name: 'activate', arguments: { track_id: '../etc' } });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('track_id'), hint: expect.any(String) });

    const missing = await c.callTool({ name: 'show', arguments: { track_id: 'track-nope-404' } });
    expect(missing.structuredContent).toMatchObject({ code: 'NOT_FOUND', hint: 'call `list {}` to see the track ids' });

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

describe('track mcp --all-tools: plans and context (issues #3, #4)', () => {
  let p: TempProject;
  let server: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    p = tempProject('track-mcp-plan-');
    server = await connect(p.dir, ['--all-tools']);
  });
  afterAll(async () => {
    await server?.client.close();
    p?.cleanup();
  });

  it('plans and context: step hand-off, decide, step_complete, checkpoint, context', async () => {
    const c = server.client;
    structured(await c.callTool({ name: 'create', arguments: { name: 'Login', goal: 'Users can log in with email' } }));
    structured(await c.callTool({ name: 'activate', arguments: { track_id: 'track-login-001' } }));
    const added = structured(
      await c.callTool({
        name: 'step_add',
        arguments: { step_id: 'write-form', name: 'Write the form', action_type: 'manual', instructions: 'Build the login form.' },
      }),
    );
    expect(added.step).toMatchObject({ step_id: 'write-form', status: 'pending', action: { type: 'manual', instructions: 'Build the login form.' } });
    structured(await c.callTool({ name: 'step_add', arguments: { step_id: 'ship', name: 'Ship it', action_type: 'manual', depends_on: ['write-form'] } }));

    const handed = structured(await c.callTool({ name: 'next', arguments: { agent: 'claude' } }));
    expect(handed).toMatchObject({ kind: 'handed-off', step: { step_id: 'write-form', status: 'in-progress', holder: 'claude' } });

    const decision = structured(
      await c.callTool({ name: 'decide', arguments: { title: 'Use sessions, not JWT', rationale: 'simpler revocation', alternatives: ['JWT'] } }),
    );
    expect(decision).toMatchObject({ id: 'dec-001', status: 'active', alternatives: ['JWT'] });

    const closed = structured(
      await c.callTool({ name: 'step_complete', arguments: { step_id: 'write-form', agent: 'claude', outputs: { file: 'login.tsx' }, notes: 'done' } }),
    );
    expect(closed).toMatchObject({ kind: 'complete', step: { step_id: 'write-form', status: 'completed', outputs: { file: 'login.tsx' } } });

    const cp = structured(await c.callTool({ name: 'checkpoint', arguments: { reason: 'form written' } }));
    expect(cp.checkpoint).toMatchObject({ kind: 'manual', reason: 'form written', checksum: expect.stringMatching(/^sha256:/) });

    const primer = markdown(await c.callTool({ name: 'context', arguments: {} }));
    expect(primer).toContain('# Track: Login (track-login-001)');
    expect(primer).toContain('Users can log in with email');
    expect(primer).toContain('progress 1/2 steps');
    expect(primer).toContain('## Current step: ship — Ship it');
    expect(primer).toContain('dec-001: Use sessions, not JWT — because simpler revocation');
    expect(primer).toContain(`${cp.checkpoint.checkpoint_id} (manual`);

    const unknown = await c.callTool({ name: 'step_complete', arguments: { step_id: 'no-such-step' } });
    expect(unknown.isError).toBe(true);
    expect(unknown.structuredContent).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-step'), hint: expect.any(String) });
    const badOutputs = await c.callTool({ name: 'step_complete', arguments: { step_id: 'ship', outputs: 'x' } });
    expect(badOutputs.structuredContent).toMatchObject({ code: 'VALIDATION', hint: expect.any(String) });
    expect(structured(await c.callTool({ name: 'show', arguments: {} })).steps.map((x: any) => x.status)).toEqual(['completed', 'pending']);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('runs a command step with progress notifications; its output never reaches the protocol stream', async () => {
    const c = server.client;
    // Were its output on the server's stdout, it would answer the pending `next` call itself (the SDK skips
    // lines that are not JSON, but takes a well-formed response for a pending id) and break the protocol.
    const forged = `printf '{"jsonrpc":"2.0","id":%d,"result":{"content":[{"type":"text","text":"forged"}]}}\\n' $i`;
    const command = `i=0; while [ $i -lt 200 ]; do echo "line $i"; ${forged}; i=$((i+1)); done; echo '{"not":"json-rpc"}'; sleep 1.3; echo done`;
    structured(
      await c.callTool({ name: 'step_add', arguments: { step_id: 'build', name: 'Build', action_type: 'run-command', command, depends_on: ['ship'] } }),
    );
    structured(await c.callTool({ name: 'step_skip', arguments: { step_id: 'ship' } }));
    const seen: Array<{ progress: number; message?: string }> = [];
    const ran = structured(await c.callTool({ name: 'next', arguments: {} }, { onprogress: (u) => seen.push(u) }));
    expect(ran).toMatchObject({ kind: 'completed', step: { step_id: 'build', status: 'completed' } });
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toMatchObject({ progress: 1, message: expect.stringMatching(/^build attempt 1, \d+s$/) });

    const status = structured(await c.callTool({ name: 'status', arguments: {} }));
    expect(status.last_run).toMatchObject({ run_id: ran.run.run_id, status: 'succeeded' });
    expect(structured(await c.callTool({ name: 'list', arguments: { status: ['active'] } })).tracks).toHaveLength(1);
    expect(server.protocolErrors()).toEqual([]);
    expect(server.stderr()).toBe('');
  });

  it('assumptions, learnings, artifacts, checkpoints, restore; templates, conflicts, stats', async () => {
    const c = server.client;
    const asm = structured(await c.callTool({ name: 'assume', arguments: { text: 'users have an email' } }));
    expect(structured(await c.callTool({ name: 'assumption_resolve', arguments: { id: asm.id, outcome: 'validated', evidence: 'schema' } }))).toMatchObject({
      status: 'validated',
    });
    expect(structured(await c.callTool({ name: 'learn', arguments: { text: 'the form needs CSRF' } }))).toMatchObject({ id: 'lrn-001' });
    writeFileSync(join(p.dir, 'notes.md'), '# notes\n');
    expect(structured(await c.callTool({ name: 'artifact_add', arguments: { file: 'notes.md' } })).artifact).toMatchObject({ name: 'notes.md', size: 8 });
    expect(structured(await c.callTool({ name: 'artifact_list', arguments: {} })).artifacts.map((a: any) => a.name)).toEqual(['notes.md']);
    const { checkpoints } = structured(await c.callTool({ name: 'checkpoints', arguments: {} }));
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(structured(await c.callTool({ name: 'checkpoint_verify', arguments: { all: true } })).results.every((r: any) => r.ok)).toBe(true);
    const first = checkpoints[0].checkpoint_id;
    expect(structured(await c.callTool({ name: 'restore', arguments: { checkpoint_id: first } }))).toMatchObject({ restored_from: first });
    const outside = await c.callTool({ name: 'artifact_add', arguments: { file: '../../etc/passwd' } });
    expect(outside.structuredContent).toMatchObject({ code: expect.any(String), hint: expect.any(String) });

    const made = structured(await c.callTool({ name: 'template_create', arguments: { template: 'feature', name: 'Signup', goal: 'Users can sign up' } }));
    expect(made.track).toMatchObject({ status: 'draft', name: 'Signup' });
    expect(made.track.progress.total_steps).toBeGreaterThan(0);
    expect(structured(await c.callTool({ name: 'conflicts', arguments: {} }))).toEqual({ conflicts: expect.any(Array) });
    expect(structured(await c.callTool({ name: 'stats', arguments: {} }))).toBeTypeOf('object');

    // A failing command step is a tool error, as `track next` exits 12; the server keeps serving.
    structured(
      await c.callTool({ name: 'step_add', arguments: { step_id: 'lint', name: 'Lint', action_type: 'run-command', command: 'echo no >&2; exit 3' } }),
    );
    const failed = await c.callTool({ name: 'next', arguments: { step_id: 'lint' } });
    expect(failed.isError).toBe(true);
    // By default the track stays active with its step failed, and the hint says how to retry it.
    expect(failed.structuredContent).toMatchObject({
      code: 'STEP_FAILED',
      hint: expect.stringContaining('step_reset {"step_id":"lint"}'),
      details: { step_id: 'lint' },
    });
    const after = structured(await c.callTool({ name: 'status', arguments: { track_id: 'track-login-001' } }));
    expect(after.last_run).toMatchObject({ status: 'failed' });
    expect(after.track.status).toBe((failed.structuredContent as { details: { track_status: string } }).details.track_status);
    expect(after.track.status).toBe('active');
    const reset = structured(await c.callTool({ name: 'step_reset', arguments: { track_id: 'track-login-001', step_id: 'lint' } }));
    expect(reset.step).toMatchObject({ step_id: 'lint', status: 'pending' });
    expect(server.protocolErrors()).toEqual([]);
    expect(server.stderr()).toBe('');
  });
});

describe('track mcp --all-tools', () => {
  it('adds the extended tools, which work like the core ones', async () => {
    const p = tempProject('track-mcp-all-');
    const { client } = await connect(p.dir, ['--all-tools']);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          ...CORE,
          ...['get_active', 'ready', 'fail', 'cancel', 'archive', 'update', 'history', 'status', 'step_add', 'step_fail', 'step_skip'],
          ...['step_approve', 'step_release', 'step_reset', 'assume', 'assumption_resolve', 'learn', 'artifact_add', 'artifact_list', 'checkpoints'],
          ...['checkpoint_verify', 'restore', 'template_create', 'conflicts', 'stats'],
        ]),
      );
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
