/** The merge driver in real git repositories: registered by init, run by git merge, removed by uninstall. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decisionsDocSchema, trackSchema } from '../../src/core/schema.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = '.claude/conductor/tracks';

interface Repo {
  dir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** A git repository whose PATH has `track` (as a global install would), so the driver git runs finds the package. */
function repo(): Repo {
  const t = tempDir('track-merge-');
  const dir = join(t.dir, 'project');
  const bin = join(t.dir, 'bin');
  mkdirSync(dir);
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'track'));
  const env = { PATH: `${bin}:${process.env.PATH}`, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const r = { dir, env, cleanup: t.cleanup };
  git(r, 'init', '-q', '-b', 'main');
  git(r, 'config', 'user.name', 'test');
  git(r, 'config', 'user.email', 'test@example.com');
  git(r, 'config', 'commit.gpgsign', 'false');
  // What the store derives and rebuilds stays out of git.
  writeFileSync(join(dir, '.gitignore'), `${ROOT}/track-registry*.json\n${ROOT}/track-head.json\n`);
  return r;
}

function git(r: Repo, ...args: string[]): { code: number; out: string } {
  const p = spawnSync('git', args, { cwd: r.dir, env: { ...process.env, ...r.env }, encoding: 'utf8' });
  return { code: p.status ?? -1, out: `${p.stdout}${p.stderr}` };
}

const track = (r: Repo, ...args: string[]) => {
  const result = runCli(args, { cwd: r.dir, env: r.env });
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
};

const commitAll = (r: Repo, message: string) => {
  git(r, 'add', '-A');
  expect(git(r, 'commit', '-q', '-m', message).code).toBe(0);
};

describe('track merge-driver', () => {
  let r: Repo | undefined;
  afterEach(() => r?.cleanup());

  it('merges two branches that each add a step and a decision and change the priority: no conflict, both kept, the later priority wins and the loser is recorded', () => {
    r = repo();
    const init = track(r, 'init', '--json').json;
    expect(init.config).toContainEqual({ file: join(r.dir, ROOT, '.gitattributes'), action: 'added', entries: ['merge=track'] });
    expect(readFileSync(join(r.dir, ROOT, '.gitattributes'), 'utf8')).toContain('*/track.json merge=track');
    expect(git(r, 'config', '--get', 'merge.track.driver').out.trim()).toBe('node .claude/skills/track-manager/track-cli.mjs merge-driver %O %A %B %P');
    // A second init changes nothing.
    expect(track(r, 'init', '--json').json.config.filter((c: { action: string }) => c.action !== 'unchanged')).toEqual([]);

    const id = track(r, 'create', '--name', 'shared', '--goal', 'ship it', '--json').json.track_id;
    track(r, 'step', 'add', '--track-id', id, '--name', 'design', '--action-type', 'manual');
    track(r, 'decide', 'keep it small', '--track-id', id);
    commitAll(r, 'base');

    git(r, 'checkout', '-q', '-b', 'a');
    track(r, 'step', 'add', '--track-id', id, '--name', 'write docs', '--action-type', 'manual');
    track(r, 'decide', 'use zod', '--track-id', id);
    track(r, 'update', id, '--field', 'priority', '--value', 'P0');
    commitAll(r, 'a');

    git(r, 'checkout', '-q', 'main');
    git(r, 'checkout', '-q', '-b', 'b');
    track(r, 'step', 'add', '--track-id', id, '--name', 'add tests', '--action-type', 'manual');
    track(r, 'decide', 'use valibot', '--track-id', id);
    track(r, 'update', id, '--field', 'priority', '--value', 'P3');
    commitAll(r, 'b');

    git(r, 'checkout', '-q', 'a');
    const merge = git(r, 'merge', '--no-edit', 'b');
    expect(merge.out).not.toContain('CONFLICT');
    expect(merge.code).toBe(0);
    expect(git(r, 'status', '--porcelain', '--untracked-files=no').out).toBe('');

    const trackText = readFileSync(join(r.dir, ROOT, id, 'track.json'), 'utf8');
    expect(trackText).not.toMatch(/^(<{7}|={7}|>{7})/m);
    const merged = trackSchema.parse(JSON.parse(trackText));
    expect(merged.steps.map((s) => s.name).sort()).toEqual(['add tests', 'design', 'write docs']);
    expect(new Set(merged.steps.map((s) => s.step_id)).size).toBe(3);
    expect(merged.progress.total_steps).toBe(3);
    // Branch b changed the priority later: its value stays, branch a's is recorded.
    expect(merged.priority).toBe('P3');
    expect(merged.merge_history).toContainEqual(expect.objectContaining({ field: 'priority', kept: '"P3"', lost: '"P0"' }));
    const decisions = decisionsDocSchema.parse(JSON.parse(readFileSync(join(r.dir, ROOT, id, 'context', 'decisions.json'), 'utf8')));
    expect(decisions.items.map((d) => d.title).sort()).toEqual(['keep it small', 'use valibot', 'use zod']);
    expect(new Set(decisions.items.map((d) => d.id)).size).toBe(3);
  });

  it('leaves what it cannot merge as one side’s valid JSON, exits 1 and says why in one line', () => {
    r = repo();
    const dir = r.dir;
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const theirs = JSON.stringify({ format: 'track-learnings/1', items: [] });
    const ours = file('ours.json', '{"format": "track-learnings/1", "items": [');
    const result = runCli(['merge-driver', file('base.json', ''), ours, file('theirs.json', theirs), 'x/context/learnings.json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('x/context/learnings.json');
    expect(JSON.parse(readFileSync(ours, 'utf8'))).toEqual(JSON.parse(theirs));
  });

  it('says when a clone lacks the driver its tracks ask for, and the hint it gives fixes it; uninstall removes both', () => {
    r = repo();
    track(r, 'init');
    git(r, 'config', '--remove-section', 'merge.track');
    const doctor = runCli(['doctor', '--json'], { cwd: r.dir, env: r.env });
    const problem = doctor.json.problems.find((p: { check: string }) => p.check === 'merge-driver');
    expect(problem).toMatchObject({ path: '.gitattributes', fix: 'track init' });
    const hook = runCli(['hook', 'session-start'], {
      cwd: r.dir,
      env: r.env,
      input: JSON.stringify({ cwd: r.dir, hook_event_name: 'SessionStart', source: 'startup' }),
    });
    expect(hook.code).toBe(0);
    expect(hook.stderr.trim().split('\n')).toEqual([expect.stringContaining('run: track init')]);

    track(r, ...problem.fix.split(' ').slice(1));
    expect(runCli(['doctor', '--json'], { cwd: r.dir, env: r.env }).json.problems.filter((p: { check: string }) => p.check === 'merge-driver')).toEqual([]);
    expect(runCli(['hook', 'session-start'], { cwd: r.dir, env: r.env, input: JSON.stringify({ cwd: r.dir }) }).stderr).toBe('');

    track(r, 'uninstall');
    expect(existsSync(join(r.dir, ROOT, '.gitattributes'))).toBe(false);
    expect(git(r, 'config', '--get', 'merge.track.driver').code).toBe(1);
  });
});
