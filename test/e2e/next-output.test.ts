import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** What `track next` prints: a hand-off whose close commands run as printed, and the pre-step checkpoint on a line of its own. */
describe('the output of track next (built CLI)', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: t.dir, env: { TRACK_AGENT: '', ...env } });
  const ok = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = cli(args, env);
    expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  function project(plan: string): void {
    t = tempDir('track-next-out-');
    ok(['init']);
    writeFileSync(join(t.dir, 'plan.yaml'), plan);
    ok(['create', '--name', 'API', '--goal', 'Ship the API', '--plan', 'plan.yaml']);
    ok(['activate', 'track-api-001']);
  }

  /** The words of the command after `label` in the output, which must be a `track …` command line and nothing else. */
  const commandAfter = (stdout: string, label: RegExp): string[] => {
    const line = stdout.split('\n').find((l) => label.test(l)) ?? '';
    const command = line.replace(label, '').trim();
    expect(command, stdout).toMatch(/^track [\w -]+$/);
    return command.split(' ').slice(1);
  };

  const AGENT_STEPS = `steps:
  - { step_id: design, name: Design, type: design, action: { type: manual, instructions: Sketch it. } }
  - { step_id: build, name: Build, type: implementation, depends_on: [design], action: { type: manual } }
  - { step_id: review, name: Review, type: review, depends_on: [build], action: { type: approval, approvers: [bob] } }
`;

  it('names --agent when the holder is not the default agent, and every close command runs as printed', () => {
    project(AGENT_STEPS);
    const design = ok(['next', '--agent', 'claude']).stdout;
    const complete = commandAfter(design, /^\s*when done:/);
    expect(complete).toEqual(['step', 'complete', '--step-id', 'design', '--agent', 'claude']);
    expect(design).toMatch(/optional: --output NAME=VALUE \(repeatable\) and --notes TEXT/);
    ok([...complete, '--output', 'doc=api.md']);

    // The alternatives on the explanatory line run as printed too.
    const build = ok(['next', '--agent', 'claude']).stdout;
    const fail = /give it up instead: (track step fail [^,]+),/.exec(build)?.[1] as string;
    expect(fail).toBe('track step fail --step-id build --agent claude');
    ok(fail.split(' ').slice(1));
    ok(['step', 'reset', '--step-id', 'build']);
    ok(['next', '--agent', 'claude']);
    const skip = /, or (track step skip .+)$/m.exec(build)?.[1] as string;
    expect(skip).toBe('track step skip --step-id build --agent claude'); // skipping is the holder's call too
    ok(skip.split(' ').slice(1));

    // An approval step is closed by its approver.
    const review = ok(['next', '--agent', 'bob']).stdout;
    const approve = commandAfter(review, /^\s*when done:/);
    expect(approve).toEqual(['step', 'approve', '--step-id', 'review', '--agent', 'bob']);
    ok(approve);
    expect(ok(['status', '--json']).json.track.steps.map((s: { status: string }) => s.status)).toEqual(['completed', 'skipped', 'completed']);
  });

  it('an approval step handed to someone who may not approve it says how to hand it back and who approves', () => {
    project(`steps:
  - { step_id: review, name: Review, type: review, action: { type: approval, approvers: [bob] } }
`);
    const out = ok(['next', '--agent', 'claude']).stdout;
    const release = commandAfter(out, /^\s*hand back:/);
    expect(release).toEqual(['step', 'release', '--step-id', 'review', '--agent', 'claude']);
    const approve = /an approver runs: (track .+)$/m.exec(out)?.[1] as string;
    expect(approve).toBe('track step approve --step-id review --agent bob');
    ok(release);
    ok(approve.split(' ').slice(1));
    expect(ok(['status', '--json']).json.track.steps[0]).toMatchObject({ status: 'completed', approved_by: 'bob' });
  });

  it('leaves --agent out when the holder is the default agent, and the command still runs', () => {
    project(AGENT_STEPS);
    const env = { TRACK_AGENT: 'claude' };
    const complete = commandAfter(ok(['next'], env).stdout, /^\s*when done:/);
    expect(complete).toEqual(['step', 'complete', '--step-id', 'design']);
    ok(complete, env);
  });

  it('prints the pre-step checkpoint on its own line, before the output of a step that succeeds or fails', () => {
    project(`steps:
  - { step_id: quiet, name: Quiet, type: implementation, action: { type: run-command, command: "printf no-newline" } }
  - { step_id: red, name: Red, type: testing, depends_on: [quiet], action: { type: run-command, command: "printf broken; exit 3" } }
`);
    const done = ok(['next']);
    const lines = done.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['pre-step checkpoint checkpoint-001', 'no-newline', expect.stringMatching(/^✓ quiet Quiet completed/)]);

    const failed = cli(['next']);
    expect(failed.code).toBe(12);
    expect(failed.stdout).toBe('pre-step checkpoint checkpoint-002\nbroken\n');
    const listed = ok(['checkpoints', '--json']).json.checkpoints.map((c: { checkpoint_id: string }) => c.checkpoint_id);
    expect(listed).toContain('checkpoint-002');

    ok(['step', 'reset', '--step-id', 'red']);
    const json = cli(['next', '--json']);
    expect(json.code).toBe(12);
    expect(json.json.error.details.checkpoint_id).toBe('checkpoint-003');
  });
});
