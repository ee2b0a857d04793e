import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** The words of the first `track …` command quoted in backticks after "run" in `text`. */
function quotedCommand(text: string, after = 'run'): string[] {
  const m = new RegExp(`${after} \`track ([^\`]+)\``).exec(text);
  if (!m?.[1]) throw new Error(`no command after '${after}' in:\n${text}`);
  return m[1].split(' ');
}

const sessionStart = (cwd: string) => JSON.stringify({ session_id: 's', cwd, hook_event_name: 'SessionStart', source: 'startup' });

describe('a fresh session with no active track (built CLI)', () => {
  let d: ReturnType<typeof tempDir>;
  afterEach(() => d?.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: d.dir });
  const ok = (...args: string[]) => {
    const r = cli(...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  it('context, status and the SessionStart hook name the paused track and a resume command that works', () => {
    d = tempDir();
    ok('init');
    ok('create', '--name', 'Auth', '--goal', 'Add OAuth 2.0 login');
    ok('create', '--name', 'Docs', '--goal', 'Write the docs');
    ok('activate', 'track-auth-001');
    ok('pause', '--reason', 'end of day');

    const context = ok('context');
    expect(context.stdout).toContain('# No track is active');
    expect(context.stdout).toContain('track-auth-001 — Auth (P2, 0/0 steps, paused');
    expect(context.stdout).toContain('Add OAuth 2.0 login');
    expect(context.stdout).not.toContain('track-docs-002'); // a draft is not work in progress
    expect(quotedCommand(context.stdout)).toEqual(['resume', 'track-auth-001']);

    const json = ok('context', '--json').json;
    expect(json).toMatchObject({ track: null, paused_total: 1, paused_tracks: [{ track_id: 'track-auth-001', name: 'Auth' }] });

    const status = ok('status');
    expect(status.stdout).toContain('no track is active');
    expect(status.stdout).toContain('track-auth-001 — Auth');
    expect(ok('status', '--json').json).toMatchObject({ track: null, last_run: null, paused_tracks: [{ track_id: 'track-auth-001' }] });

    const hook = runCli(['hook', 'session-start'], { cwd: tmpdir(), input: sessionStart(d.dir) });
    expect([hook.code, hook.stderr]).toEqual([0, '']);
    expect(hook.stdout).toContain('track-auth-001 — Auth');

    const resumed = ok(...quotedCommand(hook.stdout));
    expect(resumed.stdout).toContain('track-auth-001');
    expect(ok('get-active', '--json').json.active.track_id).toBe('track-auth-001');
  });

  it('lists several paused tracks most recent first; resume without an id refuses, naming them and a command that works', () => {
    d = tempDir();
    ok('init');
    for (const name of ['One', 'Two', 'Three']) ok('create', '--name', name, '--goal', `goal ${name}`);
    ok('activate', 'track-two-002');
    ok('pause');
    ok('activate', 'track-one-001');
    ok('pause');

    const text = ok('context').stdout;
    expect(text).toContain('## Paused tracks (2, most recent first)');
    expect(text.indexOf('track-one-001 — One')).toBeGreaterThan(0);
    expect(text.indexOf('track-one-001 — One')).toBeLessThan(text.indexOf('track-two-002 — Two'));

    const refused = cli('resume', '--json');
    expect(refused.code).toBe(2);
    expect(refused.json.error).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('track-one-001 (One), track-two-002 (Two)'),
      hint: 'track resume track-one-001',
      details: { candidates: ['track-one-001', 'track-two-002'] },
    });
    const human = cli('resume');
    expect(human.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    ok(...refused.json.error.hint.split(' ').slice(1));
    expect(ok('get-active', '--json').json.active.track_id).toBe('track-one-001');

    ok('pause');
    ok('resume', 'track-two-002'); // an explicit id works with several paused
    // One active, one paused: resume picks the paused one and says how to switch to it.
    const busy = cli('resume', '--json');
    expect(busy.code).toBe(5);
    expect(busy.json.error).toMatchObject({ code: 'ACTIVE_TRACK_EXISTS', hint: 'track switch --to track-one-001' });
  });

  it('resume without an id resumes the only paused track; with none paused it says so (exit 3)', () => {
    d = tempDir();
    ok('init');
    const none = cli('resume', '--json');
    expect(none.code).toBe(3);
    expect(none.json.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no track is paused') });
    ok('create', '--name', 'Solo', '--goal', 'g');
    ok('activate', 'track-solo-001');
    ok('pause');
    expect(ok('resume', '--json').json.track).toMatchObject({ track_id: 'track-solo-001', status: 'active' });
    // Nothing active and nothing paused: context still answers (exit 0) and says what to do.
    ok('complete');
    const idle = ok('context');
    expect(idle.stdout).toContain('# No track is active');
    expect(idle.stdout).toContain('no track is paused either: run `track list`');
    const hook = runCli(['hook', 'session-start'], { cwd: tmpdir(), input: sessionStart(d.dir) });
    expect([hook.code, hook.stdout, hook.stderr]).toEqual([0, '', '']);
  });

  it('the context of a claimed step names its holder and the commands that complete or release it; done steps show outputs and notes', () => {
    d = tempDir();
    ok('init');
    writeFileSync(
      join(d.dir, 'plan.yaml'),
      `steps:
  - { step_id: design, name: Design the API, type: design, action: { type: manual, instructions: Sketch the endpoints. } }
  - { step_id: build, name: Build it, type: implementation, depends_on: [design], action: { type: manual, instructions: Implement the endpoints. } }
  - { step_id: ship, name: Ship, type: deployment, depends_on: [build], action: { type: manual } }
`,
    );
    ok('create', '--name', 'API', '--goal', 'Ship the API', '--plan', 'plan.yaml');
    ok('activate', 'track-api-001');
    ok('next', '--agent', 'claude');
    ok('step', 'complete', 'design', '--agent', 'claude', '--output', 'doc=docs/api.md', '--notes', 'three endpoints, REST');
    ok('next', '--agent', 'claude');

    const text = ok('context', '--no-git').stdout;
    expect(text).toContain('## Current step: build — Build it');
    expect(text).toContain('Claimed by claude since');
    expect(text).toContain('## Done steps (newest first)');
    expect(text).toMatch(/- design — Design the API \(completed [^)]+\); outputs: doc=docs\/api\.md; notes: three endpoints, REST/);
    const json = ok('context', '--json', '--no-git').json;
    expect(json.current_step.claim).toMatchObject({ holder: 'claude', handed_out: true });
    expect(json.done_steps).toEqual([expect.objectContaining({ step_id: 'design', outputs: { doc: 'docs/api.md' }, notes: 'three endpoints, REST' })]);

    // The release command works as printed, and so does the complete command once the step is claimed again.
    const release = quotedCommand(text, 'To give it back: run');
    expect(release).toEqual(['step', 'release', '--step-id', 'build', '--agent', 'claude']);
    ok(...release);
    ok('next', '--agent', 'claude');
    const complete = quotedCommand(ok('context', '--no-git').stdout, 'When done: run');
    expect(complete).toEqual(['step', 'complete', '--step-id', 'build', '--agent', 'claude']);
    ok(...complete);
    expect(ok('status', '--json').json.track.steps.map((s: { status: string }) => s.status)).toEqual(['completed', 'completed', 'pending']);

    // Within a budget the oldest detail goes first, never the goal or the current step.
    const small = ok('context', '--no-git', '--budget', '60').stdout;
    expect(small).toContain('Ship the API');
    expect(small).toContain('## Current step: ship');
    expect(small).not.toContain('## Done steps');
  });

  it('commands that need an active track name the paused ones and the resume command that works', () => {
    d = tempDir();
    ok('init');
    writeFileSync(join(d.dir, 'plan.yaml'), 'steps:\n  - { step_id: x, name: X, type: implementation, action: { type: run-command, command: "echo x" } }\n');
    ok('create', '--name', 'Older', '--goal', 'g', '--plan', 'plan.yaml');
    ok('create', '--name', 'Newer', '--goal', 'g', '--plan', 'plan.yaml');
    ok('activate', 'track-older-001');
    ok('pause');
    ok('activate', 'track-newer-002');
    ok('pause');

    const paused = { paused: ['track-newer-002', 'track-older-001'], paused_total: 2 };
    const refused = (args: string[]) => {
      const r = cli(...args, '--json');
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.json.error.message).toMatch(/paused, most recent first: track-newer-002 \(Newer\), track-older-001 \(Older\)$/);
      expect(r.json.error.details).toEqual(paused);
      return r.json.error.hint as string;
    };
    // Commands that act on a paused track given by id offer the id too, and it works.
    for (const args of [['show'], ['logs'], ['step', 'reset', '--step-id', 'x']]) {
      expect(refused(args), args.join(' ')).toBe("resume the most recent: 'track resume track-newer-002', or pass --track-id track-newer-002");
    }
    expect(ok('show', '--track-id', 'track-newer-002').stdout).toContain('track-newer-002');
    ok('step', 'reset', '--step-id', 'x', '--track-id', 'track-newer-002');
    // Commands that need the active track offer only the resume: with the id they would be refused (exit 4).
    for (const args of [['next'], ['step', '--step-id', 'x'], ['pause'], ['complete']]) {
      expect(refused(args), args.join(' ')).toBe("resume the most recent: 'track resume track-newer-002'");
      expect(cli(...args, '--track-id', 'track-newer-002').code, `${args.join(' ')} --track-id`).toBe(4);
    }
    const human = cli('show');
    expect(human.stderr.trim().split('\n')).toHaveLength(1);

    // The way out works as printed.
    ok('resume', 'track-newer-002');
    expect(ok('next', '--json').json).toMatchObject({ kind: 'completed', step: { step_id: 'x' } });
  });
});
