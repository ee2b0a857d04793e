/**
 * Files the user names (plans, artifacts, the workflow files a plan names) follow one rule: the
 * path is taken from the working directory, symlinks are followed, and what it resolves to must be
 * inside the project; the name the user gave is the one kept.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const PLAN = 'steps:\n  - { step_id: a, name: A, type: setup, action: { type: manual } }\n';

describe('files the user names', () => {
  const t = tempDir('track-files-');
  const outside = tempDir('track-files-outside-');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  let id = '';
  beforeAll(() => {
    expect(cli('init').code).toBe(0);
    id = cli('create', '--name', 'Files', '--goal', 'g', '--json').json.track_id;
    expect(cli('activate', id).code).toBe(0);
    writeFileSync(join(outside.dir, 'plan-x.yaml'), PLAN);
    writeFileSync(join(t.dir, 'plan.yaml'), PLAN);
  });
  afterAll(() => {
    t.cleanup();
    outside.cleanup();
  });

  it('a plan outside the project is refused (exit 9) like an artifact, with nothing written', () => {
    const plan = join(outside.dir, 'plan-x.yaml');
    for (const args of [
      ['plan', 'set', plan],
      ['create', '--name', 'Elsewhere', '--goal', 'g', '--plan', plan],
      ['artifact', 'add', plan],
    ]) {
      const r = cli(...args);
      expect(r.code, r.stderr).toBe(9);
      expect(r.stderr).toMatch(/^error: refused path '.*plan-x\.yaml': lies outside the project .* \(hint: files you name must be inside the project/);
      expect(r.stderr).not.toContain('doctor');
    }
    expect(cli('list', '--json').json.tracks).toHaveLength(1);
    expect(cli('show', id, '--json').json.steps).toEqual([]);
  });

  it('a symlink inside the project to a file inside it is followed, for plans and artifacts alike, and keeps its own name', () => {
    symlinkSync('plan.yaml', join(t.dir, 'alias.yaml'));
    const set = cli('plan', 'set', 'alias.yaml', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(set.json.track.steps.map((s: { step_id: string }) => s.step_id)).toEqual(['a']);
    const created = cli('create', '--name', 'Linked', '--goal', 'g', '--plan', 'alias.yaml', '--json');
    expect(created.code, created.stderr).toBe(0);

    mkdirSync(join(t.dir, 'docs'));
    writeFileSync(join(t.dir, 'docs', 'real.md'), '# real\n');
    symlinkSync('real.md', join(t.dir, 'docs', 'alias.md'));
    const added = cli('artifact', 'add', 'docs/alias.md', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(added.json.artifact.name).toBe('alias.md');
    expect(cli('artifact', 'get', 'alias.md').stdout).toBe('# real\n');
  });

  it('errors about a linked plan name the link the user gave', () => {
    writeFileSync(join(t.dir, 'typo.yaml'), 'steps:\n  - { name: A, type: setup, action: { type: manual }, dependson: [] }\n');
    symlinkSync('typo.yaml', join(t.dir, 'typo-link.yaml'));
    const r = cli('plan', 'set', 'typo-link.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown key steps\.0\.dependson in typo-link\.yaml /);
  });

  it('a symlink inside the project to a file outside it is refused for both', () => {
    symlinkSync(join(outside.dir, 'plan-x.yaml'), join(t.dir, 'out.yaml'));
    expect(cli('plan', 'set', 'out.yaml').code).toBe(9);
    expect(cli('artifact', 'add', 'out.yaml').code).toBe(9);
  });

  it('a relative path is taken from the working directory, in a subdirectory too', () => {
    mkdirSync(join(t.dir, 'sub'));
    const r = runCli(['plan', 'set', '../plan.yaml'], { cwd: join(t.dir, 'sub') });
    expect(r.code, r.stderr).toBe(0);
  });

  it('a workflow file that is a symlink inside the project is run, not refused with a hint about doctor', () => {
    mkdirSync(join(t.dir, 'ci'));
    writeFileSync(join(t.dir, 'ci', 'build.yaml'), 'tasks:\n  - { name: compile, command: "echo built > built.txt" }\n');
    mkdirSync(join(t.dir, '.claude/conductor/workflows'), { recursive: true });
    symlinkSync(join(t.dir, 'ci', 'build.yaml'), join(t.dir, '.claude/conductor/workflows/build.yaml'));
    expect(cli('step', 'add', '--step-id', 'build', '--name', 'Build', '--action-type', 'run-workflow', '--workflow', 'build').code).toBe(0);
    const r = cli('step', '--step-id', 'build');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(cli('show', id, '--json').json.steps.find((s: { step_id: string }) => s.step_id === 'build').status).toBe('completed');
  });
});
