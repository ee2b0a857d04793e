/**
 * The CLI's hints run literally: each `track …` command a refusal names is run as printed, and it
 * does what the hint says, in the state the refusal was made in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** The `track …` commands a hint quotes, in order, as argument lists. */
const quoted = (hint: string): string[][] => [...hint.matchAll(/'track ([^']+)'/g)].map((m) => (m[1] as string).split(' '));

describe('hints run as printed (built CLI)', () => {
  let d: ReturnType<typeof tempDir>;
  afterEach(() => d?.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: d.dir });
  const ok = (...args: string[]): CliResult => {
    const r = cli(...args);
    expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  /** Runs `args`, which must fail with `code`; returns its hint. */
  const refused = (code: number, ...args: string[]): string => {
    const r = cli(...args, '--json');
    expect(r.code, `track ${args.join(' ')}: ${r.stdout}`).toBe(code);
    return r.json.error.hint as string;
  };
  const active = () => ok('get-active', '--json').json.active?.track_id ?? null;
  const status = (id: string) => ok('show', id, '--json').json.status;
  const project = () => {
    d = tempDir('track-hints-');
    ok('init');
  };
  it('switch to a track with unfinished prerequisites hints the forced switch, which works (not activate, refused while another is active)', () => {
    project();
    ok('create', '--name', 'Base', '--goal', 'g');
    ok('create', '--name', 'Top', '--goal', 'g');
    ok('create', '--name', 'Other', '--goal', 'g');
    ok('update', 'track-top-002', '--field', 'context.prerequisites', '--value', 'track-base-001');
    ok('activate', 'track-other-003');

    const hint = refused(11, 'switch', '--to', 'track-top-002');
    expect(hint).toBe("complete them first, or 'track switch --to track-top-002 --force'");
    for (const command of quoted(hint)) ok(...command);
    expect(active()).toBe('track-top-002');
    expect(status('track-other-003')).toBe('paused');

    // With nothing active, activate is the command, and its forced form works too.
    ok('create', '--name', 'Next', '--goal', 'g');
    ok('update', 'track-next-004', '--field', 'context.prerequisites', '--value', 'track-base-001');
    ok('pause');
    const first = refused(11, 'activate', 'track-next-004');
    expect(first).toBe("complete them first, or 'track activate track-next-004 --force'");
    for (const command of quoted(first)) ok(...command);
    expect(active()).toBe('track-next-004');
  });

  it('with only a paused track, next and pause hint the resume alone; show also offers its id, and both work', () => {
    project();
    ok('create', '--name', 'Alpha', '--goal', 'g');
    ok('activate', 'track-alpha-001');
    ok('pause');

    for (const command of [['pause'], ['next'], ['complete']]) {
      const hint = refused(3, ...command);
      expect(hint, command.join(' ')).toBe("resume it: 'track resume track-alpha-001'");
      // What the hint leaves out would not work: these need the active track.
      expect(cli(...command, '--track-id', 'track-alpha-001').code, command.join(' ')).toBe(4);
    }
    const show = refused(3, 'show');
    expect(show).toBe("resume it: 'track resume track-alpha-001', or pass --track-id track-alpha-001");
    ok('show', '--track-id', 'track-alpha-001');

    for (const command of quoted(refused(3, 'pause'))) ok(...command);
    expect(active()).toBe('track-alpha-001');
    ok('pause');
  });

  it('cancel of an active parent with an open sub-track: the lifecycle answers first, and every hint on the way works', () => {
    project();
    ok('create', '--name', 'Parent', '--goal', 'g');
    ok('activate', 'track-parent-001');
    ok('create', '--name', 'Child', '--goal', 'g', '--parent', 'track-parent-001');

    const first = refused(4, 'cancel', 'track-parent-001', '--reason', 'x');
    expect(first).not.toContain('--cascade');
    expect(first).toContain("'track pause track-parent-001' first, then 'track cancel track-parent-001'");
    const [pause, cancel] = quoted(first) as [string[], string[]];
    ok(...pause);
    const second = refused(4, ...cancel);
    expect(second).toBe("'track cancel track-parent-001 --cascade' cancels them too");
    for (const command of quoted(second)) ok(...command);
    expect(status('track-parent-001')).toBe('cancelled');
    expect(status('track-child-002')).toBe('cancelled');
  });

  it('create, template create and import print the command that starts the new track: switch while another is active', () => {
    project();
    const next = (r: CliResult): string[] => {
      const line = r.stdout.split('\n').find((l) => l.startsWith('next: ')) ?? '';
      const command = /^next: (?:review it with '[^']+', then )?'?track ([^']+?)'?$/.exec(line)?.[1];
      expect(command, r.stdout).toBeDefined();
      return (command as string).split(' ');
    };
    const first = next(ok('create', '--name', 'First', '--goal', 'g'));
    expect(first).toEqual(['activate', 'track-first-001']);
    ok(...first);

    const second = next(ok('create', '--name', 'Second', '--goal', 'g'));
    expect(second).toEqual(['switch', '--to', 'track-second-002']);
    ok(...second);
    expect(active()).toBe('track-second-002');

    const fromTemplate = next(ok('template', 'create', '--template', 'bugfix', '--name', 'Third', '--goal', 'g'));
    expect(fromTemplate).toEqual(['switch', '--to', 'track-third-003']);
    ok(...fromTemplate);

    ok('export', 'track-first-001', '--out', 'first.bundle.json');
    const imported = next(ok('import', 'first.bundle.json', '--id', 'track-copy-009'));
    expect(imported).toEqual(['switch', '--to', 'track-copy-009']);
    ok(...imported);
    expect(active()).toBe('track-copy-009');
  });

  it('a sample of refusals: each command their hints quote runs', () => {
    project();
    writeFileSync(
      join(d.dir, 'plan.yaml'),
      'steps:\n  - { step_id: design, name: Design, type: design, action: { type: manual } }\n  - { step_id: build, name: Build, type: implementation, depends_on: [design], action: { type: run-command, command: "true" } }\n',
    );
    ok('create', '--name', 'Alpha', '--goal', 'g', '--plan', 'plan.yaml');
    ok('activate', 'track-alpha-001');
    const followed = (hint: string) => {
      const commands = quoted(hint);
      expect(commands.length, hint).toBeGreaterThan(0);
      for (const command of commands) ok(...command);
    };

    ok('next', '--agent', 'claude');
    const held = refused(11, 'step', 'complete', '--step-id', 'design', '--agent', 'codex');
    expect(held).toBe(
      "'track step complete --step-id design --agent claude' to act as claude, or ask claude to 'track step release --step-id design --agent claude'",
    );
    // Two alternatives: the release one gives the step back; claude then takes and completes it.
    const [, release] = quoted(held);
    ok(...(release as string[]));
    ok('next', '--agent', 'claude');
    ok('step', 'complete', '--step-id', 'design', '--agent', 'claude');

    const again = refused(4, 'step', '--step-id', 'design', '--agent', 'claude');
    expect(again).toBe("run 'track step reset --step-id design' and run 'track step --step-id design'");
    followed(again);

    followed(refused(3, 'restore', '--checkpoint', 'checkpoint-999'));
    followed(refused(3, 'logs', 'run-999'));
    followed(refused(3, 'show', 'track-alpah-001'));
    followed(refused(3, 'template', 'create', '--template', 'bugfx', '--name', 'X', '--goal', 'g'));
    followed(refused(3, 'step', 'skip', '--step-id', 'desgn'));
    const beta = ok('create', '--name', 'Beta', '--goal', 'g', '--json').json.track_id as string;
    const busy = refused(5, 'activate', beta);
    expect(busy).toBe(`track switch --to ${beta}`);
    ok(...busy.split(' ').slice(1));
  });
});
