/**
 * A mistyped key in a file people write (a plan, a workflow, a template) or in a tool call is
 * refused with one line naming its path and the key meant, never silently dropped: a dropped
 * `dependson` would let steps run out of order. Documents the store wrote keep loading as before.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp, type McpSession } from '../helpers/mcp.js';
import { tempDir } from '../helpers/temp.js';

const PLAN = `execution: { pause_on_failure: true }
steps:
  - step_id: step-001
    name: A
    type: implementation
    action: { type: manual, instructions: do a }
    timing: { timeout_minutes: 5 }
  - step_id: step-002
    name: B
    type: implementation
    action: { type: manual }
    success_criteria: [x]
    depends_on: [step-001]
`;

describe('unknown keys in plans, workflows, templates and tool calls', () => {
  const t = tempDir('track-keys-');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const tracks = () => cli('list', '--json').json.tracks.length as number;
  beforeAll(() => expect(cli('init').code).toBe(0));
  afterAll(() => t.cleanup());

  it.each([
    ['excution', 'execution', "unknown key excution in plan.yaml (hint: did you mean 'execution'?)"],
    ['timing: { timeout_minutes: 5 }', 'timout_minutes: 5', "unknown key steps.0.timout_minutes in plan.yaml (hint: did you mean 'timing.timeout_minutes'?)"],
    ['success_criteria', 'sucess_criteria', "unknown key steps.1.sucess_criteria in plan.yaml (hint: did you mean 'success_criteria'?)"],
    ['depends_on', 'dependson', "unknown key steps.1.dependson in plan.yaml (hint: did you mean 'depends_on'?)"],
    ['action: { type: manual }', 'acton: { type: manual }', "unknown key steps.1.acton in plan.yaml (hint: did you mean 'action'?)"],
  ])('create --plan refuses the plan when %s is written %s', (right, wrong, error) => {
    const typo = right === 'excution' ? PLAN.replace('execution', 'excution') : PLAN.replace(right, wrong);
    writeFileSync(join(t.dir, 'plan.yaml'), typo);
    const before = tracks();
    const r = cli('create', '--name', 'X', '--goal', 'g', '--plan', 'plan.yaml');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(`error: ${error}\n`);
    expect(tracks()).toBe(before);
  });

  it('the plan written right is taken whole: B depends on A', () => {
    writeFileSync(join(t.dir, 'plan.yaml'), PLAN);
    const r = cli('create', '--name', 'Right', '--goal', 'g', '--plan', 'plan.yaml', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.steps[1]).toMatchObject({ step_id: 'step-002', depends_on: ['step-001'], success_criteria: ['x'] });
    expect(r.json.steps[0].timing).toEqual({ timeout_minutes: 5 });
    expect(r.json.execution.pause_on_failure).toBe(true);
  });

  it('plan set refuses too, and leaves the plan as it was', () => {
    const id = cli('create', '--name', 'Set', '--goal', 'g', '--json').json.track_id;
    writeFileSync(join(t.dir, 'plan.json'), JSON.stringify({ steps: [{ name: 'A', type: 'setup', action: { type: 'manual', instrutions: 'x' } }] }));
    const r = cli('plan', 'set', 'plan.json', '--track-id', id);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown key steps.0.action.instrutions in plan.json (hint: did you mean 'instructions'?)\n");
    expect(cli('show', id, '--json').json.steps).toEqual([]);
  });

  it('a workflow file with a mistyped key fails its step naming the key, instead of handing the task to an agent', () => {
    const id = cli('create', '--name', 'Flow', '--goal', 'g', '--json').json.track_id;
    mkdirSync(join(t.dir, '.claude/conductor/workflows'), { recursive: true });
    writeFileSync(join(t.dir, '.claude/conductor/workflows/build.yaml'), 'tasks:\n  - { name: compile, comand: "echo built" }\n');
    expect(cli('step', 'add', '--track-id', id, '--name', 'Build', '--action-type', 'run-workflow', '--workflow', 'build').code).toBe(0);
    expect(cli('activate', id).code).toBe(0);
    const r = cli('next');
    expect(r.code, r.stdout + r.stderr).toBe(12);
    expect(r.stdout + r.stderr).toMatch(/unknown key tasks\.0\.comand in \S*build\.yaml/);
    expect(cli('show', id, '--json').json.steps[0].status).toBe('failed');
  });

  it('a hand-written template with a mistyped key is refused, naming the file and the key', () => {
    const dir = join(t.dir, '.claude/conductor/templates');
    mkdirSync(dir, { recursive: true });
    const builtin = cli('template', 'show', 'feature', '--json').json.template;
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ ...builtin, name: 'mine', succes_criteria: ['x'] }));
    const r = cli('template', 'show', 'mine');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown key succes_criteria in \S*mine\.json \(hint: did you mean 'success_criteria'\?\)\n$/);
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ ...builtin, name: 'mine' }));
    expect(cli('template', 'show', 'mine').code).toBe(0);
  });

  it('a track.json with keys this version does not know (the spec documents more) still loads', () => {
    const id = cli('create', '--name', 'Stored', '--goal', 'g', '--json').json.track_id;
    const file = join(t.dir, '.claude/conductor/tracks', id, 'track.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...doc, metadata: { owner: 'x' }, context: { ...doc.context, notes: 'x' } }));
    const r = cli('show', id, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.track_id).toBe(id);
  });

  describe('through MCP', () => {
    let server: McpSession;
    let c: Client;
    beforeAll(async () => {
      const id = cli('create', '--name', 'Mcp', '--goal', 'g', '--json').json.track_id;
      expect(cli('switch', '--to', id).code).toBe(0);
      server = await connectMcp(t.dir, ['--all-tools']);
      c = server.client;
    });
    afterAll(async () => server?.client.close());

    it('step_add with a mistyped argument names the one meant, and the call in the hint works', async () => {
      expect((await c.callTool({ name: 'step_add', arguments: { step_id: 'a', name: 'A', action_type: 'manual' } })).isError).toBeFalsy();
      const r = await c.callTool({ name: 'step_add', arguments: { step_id: 'b', name: 'B', action_type: 'manual', dependson: ['a'] } });
      expect(r.isError).toBe(true);
      const e = r.structuredContent as { message: string; hint: string };
      expect(e.message).toMatch(/^step_add does not take the argument 'dependson'/);
      expect(e.hint).toMatch(/^did you mean 'depends_on'\? call `step_add \{.*\}`$/);
      const [, json] = /`step_add (\{.*\})`/.exec(e.hint) ?? [];
      const followed = await c.callTool({ name: 'step_add', arguments: JSON.parse(json as string) });
      expect(followed.isError).toBeFalsy();
      expect((followed.structuredContent as { step: { depends_on: string[] } }).step.depends_on).toEqual(['a']);
    });
  });
});
