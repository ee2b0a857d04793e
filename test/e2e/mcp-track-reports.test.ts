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
/** The first tool call quoted in `s` (`name {json}`). */
function firstCall(s: string): { name: string; arguments: Record<string, unknown> } {
  const m = /`([a-z_]+) (\{[^`]*\})`/.exec(s);
  if (!m?.[1] || !m[2]) throw new Error(`no tool call in: ${s}`);
  return { name: m[1], arguments: JSON.parse(m[2]) };
}

const STEPS = 20;
const plan = `steps:\n${Array.from({ length: STEPS }, (_, i) => `  - { step_id: s${i + 1}, name: Step ${i + 1}, type: testing, action: { type: run-command, command: "echo step ${i + 1} done" } }`).join('\n')}\n`;

const trackBrief = (track_id: string, status: string) => ({
  track_id,
  status,
  progress: expect.objectContaining({ completed_steps: expect.any(Number), total_steps: expect.any(Number), percentage: expect.any(Number) }),
});
const checkpointBrief = (kind: string) => ({
  checkpoint_id: expect.stringMatching(/^checkpoint-\d{3}$/),
  kind,
  created_at: expect.any(String),
  checksum: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
});

describe('MCP lifecycle results are reports, whatever the track has been through', () => {
  let p: TempProject;
  let server: McpSession | undefined;
  afterEach(async () => {
    await server?.client.close();
    server = undefined;
    p?.cleanup();
  });

  it('a 20-step track with 20 runs: create, activate, checkpoint, pause, resume, switch and complete stay small and say what next', async () => {
    p = tempProject('track-mcp-reports-');
    writeFileSync(join(p.dir, 'plan.yaml'), plan);
    const made = runCli(['create', '--name', 'Long', '--goal', 'g', '--id', 'track-long-001', '--plan', 'plan.yaml', '--target-file', 'src/api.ts'], {
      cwd: p.dir,
    });
    expect(made.code, made.stderr).toBe(0);
    server = await connectMcp(p.dir);
    const c = server.client;
    const sizes: Record<string, number> = {};
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = ok(await c.callTool({ name, arguments: args }));
      sizes[name] = text(r).length;
      expect(text(r)).not.toContain('status_history');
      expect(text(r)).not.toContain('run.json');
      return r.structuredContent as any;
    };

    const activated = await call('activate', { track_id: 'track-long-001' });
    expect(activated).toEqual({
      track: {
        track_id: 'track-long-001',
        name: 'Long',
        status: 'active',
        priority: 'P2',
        progress: { completed_steps: 0, total_steps: STEPS, percentage: 0, current_step_id: 's1' },
      },
      next: 'call `next {}` for the next step',
    });
    for (let i = 0; i < STEPS - 1; i++) ok(await c.callTool({ name: 'next', arguments: {} }));

    const created = await call('create', { name: 'Other', goal: 'g', id: 'track-other-002', target_files: ['src/api.ts'] });
    expect(created).toMatchObject({
      track: trackBrief('track-other-002', 'draft'),
      // Another track is active, so `activate` would be refused: the way to start it is a switch.
      next: 'the track is not active: call `switch {"to":"track-other-002"}` to start it (pausing track-long-001)',
    });
    expect(created.conflicts).toEqual([{ tracks: ['track-other-002', 'track-long-001'], overlaps: [expect.objectContaining({ example_path: 'src/api.ts' })] }]);

    const cp = await call('checkpoint', { reason: 'before the pause' });
    expect(cp).toEqual({
      track: expect.objectContaining(trackBrief('track-long-001', 'active')),
      checkpoint: { ...checkpointBrief('manual'), reason: 'before the pause' },
      next: 'call `next {}` for the next step',
    });

    const paused = await call('pause', { reason: 'lunch' });
    expect(paused).toMatchObject({ track: trackBrief('track-long-001', 'paused'), checkpoint: checkpointBrief('pause') });
    expect(paused.next).toBe('the track is paused: call `resume {"track_id":"track-long-001"}` to go on');
    const resumed = await call(...(Object.values(firstCall(paused.next)) as [string, Record<string, unknown>]));
    expect(resumed).toMatchObject({ track: trackBrief('track-long-001', 'active'), checkpoint: { checkpoint_id: paused.checkpoint.checkpoint_id } });

    const switched = await call('switch', { to: 'track-other-002' });
    expect(switched).toMatchObject({
      track: trackBrief('track-other-002', 'active'),
      paused: trackBrief('track-long-001', 'paused'),
      checkpoint: { ...checkpointBrief('switch'), reason: 'switched to track-other-002' },
      conflicts: [{ tracks: ['track-other-002', 'track-long-001'] }],
    });
    ok(await c.callTool({ name: 'switch', arguments: { to: 'track-long-001' } }));
    const last = ok(await c.callTool({ name: 'next', arguments: {} })).structuredContent as any;
    expect(last).toMatchObject({ kind: 'completed', ready_to_complete: true, next: expect.stringContaining('`complete {"track_id":"track-long-001"}`') });
    const done = await call(...(Object.values(firstCall(last.next)) as [string, Record<string, unknown>]));
    expect(done).toEqual({ track: expect.objectContaining(trackBrief('track-long-001', 'completed')), next: 'the track is completed' });

    // Every one of these was 4–31 KB when it returned the track and the checkpoint (with every run.json) in full.
    for (const [name, size] of Object.entries(sizes)) expect(size, name).toBeLessThan(name === 'switch' || name === 'create' ? 1_000 : 650);
    expect(Object.keys(sizes).sort()).toEqual(['activate', 'checkpoint', 'complete', 'create', 'pause', 'resume', 'switch']);
  });
});
