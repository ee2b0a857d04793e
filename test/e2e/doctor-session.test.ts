/**
 * A realistic session through the built CLI leaves a store `track doctor` calls healthy; and a
 * track someone else wrote cannot make `next` run a command unseen.
 */
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

describe('track doctor after a realistic session, e2e', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const ok = (...args: string[]) => {
    const r = cli(...args, '--json');
    expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.json;
  };
  const root = () => join(t.dir, '.claude/conductor/tracks');

  it('plan with command and agent steps via next, decisions, artifacts, checkpoints, restore, template, export/import: HEALTHY', () => {
    t = tempDir('track-doctor-session-');
    ok('init');
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'build', name: 'Build', type: 'implementation', action: { type: 'run-command', command: 'echo built > build.txt' } },
          {
            step_id: 'review',
            name: 'Review',
            type: 'review',
            depends_on: ['build'],
            action: { type: 'spawn-agent', agent: 'claude', instructions: 'Review build.txt' },
          },
          { step_id: 'ship', name: 'Ship', type: 'deployment', depends_on: ['review'], action: { type: 'run-command', command: 'echo shipped' } },
        ],
      }),
    );
    const id = ok('create', '--name', 'Session', '--goal', 'a realistic session', '--plan', 'plan.json').track_id;
    ok('activate', id);
    expect(ok('next', '--agent', 'ann')).toMatchObject({ kind: 'completed', step: { step_id: 'build' } });
    expect(ok('next', '--agent', 'ann').kind).toBe('handed-off');
    ok('decide', 'Ship on Fridays', '--rationale', 'the team is around');
    ok('assume', 'the CI is green');
    ok('learn', 'the build writes build.txt');
    writeFileSync(join(t.dir, 'notes.md'), 'first notes\n');
    ok('artifact', 'add', 'notes.md');
    writeFileSync(join(t.dir, 'notes.md'), 'first notes, edited\n');
    ok('artifact', 'add', 'notes.md');
    const saved = ok('checkpoint', '--reason', 'before the review').checkpoint_id;
    writeFileSync(join(t.dir, 'notes.md'), 'second notes\n');
    ok('artifact', 'add', 'notes.md');
    ok('decide', 'Ship on Mondays', '--supersedes', 'dec-001');
    ok('restore', '--checkpoint', saved);
    ok('step', 'complete', 'review', '--agent', 'ann');
    expect(ok('next', '--agent', 'ann')).toMatchObject({ kind: 'completed', step: { step_id: 'ship' } });
    ok('checkpoint', 'verify', '--all');
    const templated = ok('template', 'create', '--template', 'feature', '--name', 'Login', '--goal', 'users log in').track.track_id;
    expect(cli('export', id, '--out', 'session.bundle.json').code).toBe(0);
    const imported = ok('import', 'session.bundle.json', '--rename').track.track_id;
    expect(imported).not.toBe(id);
    expect(templated).not.toBe(id);

    // Later: every object is old enough for doctor to judge it (young ones may belong to a command in flight).
    const old = new Date(Date.now() - 3_600_000);
    for (const track of readdirSync(root())) {
      const objects = join(root(), track, 'objects');
      if (existsSync(objects)) for (const name of readdirSync(objects)) utimesSync(join(objects, name), old, old);
    }
    const doctor = cli('doctor', '--json');
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.json.healthy).toBe(true);
    // The only findings: the replaced first version of notes.md (and its copy in the import), harmless; --fix removes them.
    expect(doctor.json.problems.map((p: { check: string; harmless: boolean }) => `${p.check} ${p.harmless}`)).toEqual([
      'unreferenced-objects true',
      'unreferenced-objects true',
    ]);
    const text = cli('doctor').stdout;
    expect(text).toMatch(/^healthy: .*\n2 harmless leftover/);
    // The text names each leftover's file, as --json does.
    for (const p of doctor.json.problems as Array<{ path: string }>) {
      expect(p.path).toMatch(/\/objects\/[0-9a-f]{64}$/);
      expect(text).toContain(`  ${p.path}: `);
    }
    expect(ok('doctor', '--fix').fixed).toHaveLength(2);
    expect(ok('doctor')).toMatchObject({ healthy: true, problems: [] });
    ok('checkpoint', 'verify', '--all', '--track-id', id);
    ok('checkpoint', 'verify', '--all', '--track-id', imported);
    expect(storeProblems(root())).toEqual([]);
  });

  it('trust: an imported plan with a command step runs nothing until shown by --dry-run and activated', () => {
    t = tempDir('track-doctor-trust-');
    const marker = join(t.dir, 'PWNED');
    // Someone else's project writes the bundle: its plan would create a marker file here.
    const other = tempDir('track-doctor-trust-src-');
    try {
      const theirs = (...args: string[]) => runCli([...args, '--json'], { cwd: other.dir });
      expect(theirs('init').code).toBe(0);
      writeFileSync(
        join(other.dir, 'plan.json'),
        JSON.stringify({ steps: [{ step_id: 'setup', name: 'Setup', type: 'setup', action: { type: 'run-command', command: `touch ${marker}` } }] }),
      );
      const id = theirs('create', '--name', 'Gift', '--goal', 'looks harmless', '--plan', 'plan.json').json.track_id;
      expect(theirs('activate', id).code).toBe(0);
      expect(runCli(['export', id, '--out', join(t.dir, 'gift.bundle.json')], { cwd: other.dir }).code).toBe(0);
    } finally {
      other.cleanup();
    }

    ok('init');
    const imported = ok('import', 'gift.bundle.json').track;
    expect(imported.status).toBe('draft');
    // A draft is not active: next (even a dry run) refuses and runs nothing; the plan can be read.
    for (const args of [['next'], ['next', '--dry-run']]) {
      const refused = cli(...args, '--track-id', imported.track_id);
      expect(refused.code, args.join(' ')).toBe(4);
      expect(refused.stderr).toContain('draft');
    }
    expect(JSON.stringify(ok('plan', 'show', '--track-id', imported.track_id))).toContain(`touch ${marker}`);
    expect(existsSync(marker)).toBe(false);
    // Activating runs nothing; --dry-run then shows the exact command, and executes nothing.
    ok('activate', imported.track_id);
    expect(existsSync(marker)).toBe(false);
    const dry = cli('next', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`touch ${marker}`);
    expect(JSON.stringify(ok('next', '--dry-run'))).toContain(`touch ${marker}`);
    expect(existsSync(marker)).toBe(false);
    expect(JSON.parse(readFileSync(join(root(), imported.track_id, 'track.json'), 'utf8')).steps[0].status).toBe('pending');
    // Only a real next, after the human has seen it, runs the command.
    ok('next');
    expect(existsSync(marker)).toBe(true);
  });
});
