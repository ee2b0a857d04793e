/**
 * Every error an MCP caller can reach names its way out in the server's own terms: tool calls of
 * tools it serves (with arguments those tools take), and a `track` command line only for what no
 * served tool does. Driven through the real server over an in-memory transport, for the default
 * and the full tool set.
 */
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { type Action, actionOf, toolOf } from '../../../src/core/face-commands.js';
import { parseToolArgs } from '../../../src/faces/mcp/args.js';
import { createTrackServer } from '../../../src/faces/mcp/server.js';
import type { TrackTool } from '../../../src/faces/mcp/tool.js';
import { toolsFor } from '../../../src/faces/mcp/tools.js';
import { createCheckpoint } from '../../../src/features/checkpoints/checkpoints.js';
import { setPlan } from '../../../src/features/plan/plan.js';
import * as life from '../../../src/features/tracks/lifecycle.js';
import { updateTrack } from '../../../src/features/tracks/update.js';
import { type TempProject, tempProject } from '../../helpers/temp.js';

interface Refusal {
  code: string;
  message: string;
  hint: string;
}

const manual = (step_id: string, depends_on: string[] = []) => ({ step_id, name: step_id, type: 'implementation', action: { type: 'manual' }, depends_on });

/** The `tool {json}` calls a text names. */
const callsIn = (text: string) => [...text.matchAll(/`([a-z_]+) (\{[^`]*\})`/g)].map((m) => ({ name: m[1] as string, args: JSON.parse(m[2] as string) }));
/** The `track …` command lines a text names (quoted or in backticks), as words. */
const commandLinesIn = (text: string) => [...text.matchAll(/['`]track ([^'`]+)['`]/g)].map((m) => (m[1] as string).split(' '));

describe.each([
  ['the default tool set', false],
  ['the full tool set', true],
])('MCP hints with %s', (_label, all) => {
  let p: TempProject;
  let client: Client | undefined;
  const tools = toolsFor(all);
  const served = new Map(tools.map((t) => [t.name, t]));
  const face = all ? 'mcp-all' : 'mcp';
  afterEach(async () => {
    await client?.close();
    client = undefined;
    p?.cleanup();
  });

  async function connect(): Promise<Client> {
    p = tempProject('track-mcp-hints-');
    const server = createTrackServer({ name: 'test', version: '0', tools, openStore: () => p.store });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'test-client', version: '0' });
    await client.connect(clientSide);
    return client;
  }

  /** A tool call the server does not serve is not a case of this set. */
  const serves = (tool: string): boolean => served.has(tool);

  /** Calls a tool that must fail; checks its hint names only what this server can do, and returns the refusal. */
  async function refused(c: Client, name: string, args: Record<string, unknown>): Promise<Refusal> {
    const r = await c.callTool({ name, arguments: args });
    expect(r.isError, `${name} ${JSON.stringify(args)} should fail`).toBe(true);
    const error = r.structuredContent as unknown as Refusal;
    expect(typeof error.hint, `${name}: ${error.message}`).toBe('string');
    const text = (r.content as Array<{ text: string }>)[0]?.text ?? '';
    expect(text).toContain(`(hint: ${error.hint})`);
    checkHint(error.hint, `${name} ${JSON.stringify(args)}`);
    return error;
  }

  function checkHint(hint: string, where: string): void {
    for (const call of callsIn(hint)) {
      const tool = served.get(call.name) as TrackTool;
      expect(tool, `${where}: the hint names ${call.name}, which this server does not serve: ${hint}`).toBeDefined();
      // Placeholders (`<id>`) are for the caller to fill in; everything else must be arguments the tool accepts.
      if (!JSON.stringify(call.args).includes('<')) expect(() => parseToolArgs(tool, call.args, face), `${where}: ${hint}`).not.toThrow();
    }
    for (const words of commandLinesIn(hint)) {
      const action = actionOf(words.slice(0, 2).join(' ')) ?? actionOf(words[0] as string);
      expect(action, `${where}: unknown command in ${hint}`).toBeDefined();
      const tool = served.get(toolOf(action as Action) ?? '');
      if (!tool) continue;
      // A served tool is named as a command line only for an option it does not take (`cancel --cascade`).
      const options = words.filter((w) => w.startsWith('--')).map((w) => w.slice(2).replaceAll('-', '_'));
      expect(
        options.some((o) => !(o in tool.input.shape)),
        `${where}: names 'track ${words.join(' ')}' although the server serves ${tool.name}: ${hint}`,
      ).toBe(true);
    }
  }

  it('unknown ids and steps: show, next, step_complete, run_logs, restore, template_create', async () => {
    const c = await connect();
    const a = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g', id: 'track-alpha-001' })).track;
    await setPlan(p.store, { track_id: a.track_id, plan: { steps: [manual('design'), manual('build', ['design'])] } });
    await life.activateTrack(p.store, { track_id: a.track_id });

    const show = await refused(c, 'show', { track_id: 'track-alpah-001' });
    expect(show.hint).toBe("did you mean 'track-alpha-001'? (`list {}` shows every id)");
    expect((await refused(c, 'show', { track_id: 'track-zzz-999' })).hint).toBe('call `list {}` to see the track ids');

    const step = await refused(c, 'next', { step_id: 'desing' });
    expect(step.hint).toBe(`did you mean 'design'? (\`${all ? 'status' : 'context'} {}\` shows the steps)`);
    await refused(c, 'step_complete', { step_id: 'nope' });
    const blocked = await refused(c, 'next', { step_id: 'build' });
    expect(blocked.hint).toContain('`next {}`');

    const logs = await refused(c, 'run_logs', {});
    expect(logs.hint).toBe('`next {"track_id":"track-alpha-001"}` runs the next step');
    await c.callTool({ name: 'next', arguments: { agent: 'claude' } });
    const run = await refused(c, 'run_logs', { run_id: 'run-999' });
    expect(run.hint).toContain('`run_logs {"track_id":"track-alpha-001"}` shows the latest');

    if (serves('restore')) {
      const restore = await refused(c, 'restore', { checkpoint_id: 'checkpoint-999' });
      expect(restore.hint).toContain('`checkpoints {"track_id":"track-alpha-001"}`');
    }
    if (serves('template_create')) await refused(c, 'template_create', { template: 'featur', name: 'X' });
    await refused(c, 'decide', { title: 't', rationale: 'r', supersedes: 'dec-404' });
  });

  it('one active track: activate another, complete with unfinished steps, a step held by another agent, a step that ran', async () => {
    const c = await connect();
    const a = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track;
    const b = (await life.createTrack(p.store, { name: 'Beta', goal: 'g' })).track;
    await setPlan(p.store, { track_id: a.track_id, plan: { steps: [manual('design'), manual('build', ['design'])] } });
    await life.activateTrack(p.store, { track_id: a.track_id });

    const busy = await refused(c, 'activate', { track_id: b.track_id });
    expect(busy.hint).toBe(`call \`switch {"to":"${b.track_id}"}\``);

    const complete = await refused(c, 'complete', {});
    expect(complete.hint).toContain(`\`complete {"track_id":"${a.track_id}","force":true}\``);
    expect(complete.hint).toContain(all ? '`step_skip {"step_id":"design"' : '`track step skip --step-id design');

    await c.callTool({ name: 'next', arguments: { agent: 'claude' } });
    const held = await refused(c, 'step_complete', { step_id: 'design', agent: 'codex' });
    expect(held.hint).toMatch(/^`step_complete \{"step_id":"design","agent":"claude"\}` to act as claude, or ask claude to /);
    await c.callTool({ name: 'step_complete', arguments: { step_id: 'design', agent: 'claude' } });
    const again = await refused(c, 'next', { step_id: 'design' });
    expect(again.hint).toBe('call `step_reset {"step_id":"design"}` and call `next {"step_id":"design"}`');
    await refused(c, 'switch', { to: a.track_id });
  });

  it('no active track: next, pause and complete with one paused track; resume with several or none', async () => {
    const c = await connect();
    const none = await refused(c, 'resume', {});
    expect(none.hint).toBe('`list {}` shows every track; `activate {"track_id":"<id>"}` starts one');
    expect((await refused(c, 'pause', {})).hint).toBe('`activate {"track_id":"<id>"}` first');
    const a = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track;
    await life.activateTrack(p.store, { track_id: a.track_id });
    await life.pauseTrack(p.store, { track_id: a.track_id });

    for (const tool of ['next', 'pause', 'complete', 'step_complete']) {
      const r = await refused(c, tool, tool === 'step_complete' ? { step_id: 'x' } : {});
      expect(r.hint, tool).toBe(`resume it: \`resume {"track_id":"${a.track_id}"}\``);
    }
    for (const tool of ['show', 'checkpoint']) {
      const r = await refused(c, tool, {});
      expect(r.hint, tool).toBe(`resume it: \`resume {"track_id":"${a.track_id}"}\`, or pass \`"track_id":"${a.track_id}"\``);
    }

    const b = (await life.createTrack(p.store, { name: 'Beta', goal: 'g' })).track;
    await life.activateTrack(p.store, { track_id: b.track_id });
    await life.pauseTrack(p.store, { track_id: b.track_id });
    const several = await refused(c, 'resume', {});
    expect(several.hint).toBe(`call \`resume {"track_id":"${b.track_id}"}\``);
  });

  it('prerequisites, sub-tracks, a verify of a bad checkpoint, bad values', async () => {
    const c = await connect();
    const base = (await life.createTrack(p.store, { name: 'Base', goal: 'g' })).track;
    const top = (await life.createTrack(p.store, { name: 'Top', goal: 'g' })).track;
    await updateTrack(p.store, { track_id: top.track_id, field: 'context.prerequisites', value: base.track_id });
    const first = await refused(c, 'activate', { track_id: top.track_id });
    expect(first.hint).toBe(`complete them first, or \`activate {"track_id":"${top.track_id}","force":true}\``);
    await life.activateTrack(p.store, { track_id: base.track_id });
    const switching = await refused(c, 'switch', { to: top.track_id });
    expect(switching.hint).toBe(`complete them first, or \`switch {"to":"${top.track_id}","force":true}\``);

    const child = (await life.createTrack(p.store, { name: 'Child', goal: 'g', parent: base.track_id })).track;
    expect(child.parent_track_id).toBe(base.track_id);
    await refused(c, 'complete', { track_id: base.track_id, force: true });
    if (serves('cancel')) {
      const active = await refused(c, 'cancel', { track_id: base.track_id });
      expect(active.hint).toContain(`\`pause {"track_id":"${base.track_id}"}\` first, then \`cancel {"track_id":"${base.track_id}"}\``);
      await life.pauseTrack(p.store, { track_id: base.track_id });
      const open = await refused(c, 'cancel', { track_id: base.track_id });
      expect(open.hint).toBe(`\`cancel {"track_id":"${base.track_id}","cascade":true}\` cancels them too`);
    }
    await createCheckpoint(p.store, { track_id: base.track_id });
    if (serves('checkpoint_verify')) await refused(c, 'checkpoint_verify', { track_id: base.track_id, checkpoint_id: 'checkpoint-999' });
    if (serves('update')) await refused(c, 'update', { track_id: base.track_id, field: 'execution.auto_advance', value: 'maybe' });
    if (serves('stats')) await refused(c, 'stats', { since: 'yesterday' });
    if (serves('template_create')) await refused(c, 'template_create', { template: 'feature', name: 'X', vars: { nope: 'x' } });
  });
});
