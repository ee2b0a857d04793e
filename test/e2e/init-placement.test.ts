// `track init` in a subdirectory of a git repository works at the top level (or on the store
// already there), where Claude Code reads .claude/settings.json; never a second, hidden store.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const STORE = '.claude/conductor/tracks';

describe('track init inside a git repository', () => {
  let t: ReturnType<typeof tempDir> | undefined;
  afterEach(() => t?.cleanup());

  /** A fresh repository with a nested subdirectory; returns that subdirectory. */
  function repoWithSubdir(): string {
    t = tempDir('track-init-git-');
    const git = spawnSync('git', ['init', '-q'], { cwd: t.dir, encoding: 'utf8' });
    expect(git.status, git.stderr).toBe(0);
    const sub = join(t.dir, 'packages', 'api');
    mkdirSync(sub, { recursive: true });
    return sub;
  }

  it('from a subdirectory, sets up at the top level and says so', () => {
    const sub = repoWithSubdir();
    const r = runCli(['init', '--hooks', '--mcp'], { cwd: sub });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`working at the repository's top level ${t!.dir} (you are in packages/api)`);
    for (const file of [STORE, '.claude/settings.json', '.mcp.json', '.claude/skills/track-manager/track-cli.mjs']) {
      expect(existsSync(join(t!.dir, file)), file).toBe(true);
    }
    expect(existsSync(join(sub, '.claude'))).toBe(false);
    expect(existsSync(join(sub, '.mcp.json'))).toBe(false);
    // Every other command from the subdirectory finds that one store.
    expect(runCli(['create', '--name', 'Api', '--goal', 'g'], { cwd: sub }).code).toBe(0);
    expect(runCli(['list', '--json'], { cwd: t!.dir }).stdout).toContain('track-api-001');
  });

  it('from a subdirectory, reuses the store found above instead of creating a second one', () => {
    const sub = repoWithSubdir();
    expect(runCli(['init'], { cwd: t!.dir }).code).toBe(0);
    const r = runCli(['init', '--json'], { cwd: sub });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ root: join(t!.dir, STORE), project_dir: t!.dir, placement: 'found-above', created: false });
    const human = runCli(['init'], { cwd: sub });
    expect(human.stdout).toContain(`using the tracks root found above, in ${t!.dir} (you are in packages/api); pass --root to choose another place`);
    expect(existsSync(join(sub, '.claude'))).toBe(false);
  });

  it('--root and TRACK_MANAGER_ROOT still choose the place', () => {
    const sub = repoWithSubdir();
    const byOption = runCli(['init', '--json', '--root', `here/${STORE}`], { cwd: sub });
    expect(byOption.json).toMatchObject({ root: join(sub, 'here', STORE), placement: 'explicit', created: true });
    const byEnv = runCli(['init', '--json'], { cwd: sub, env: { TRACK_MANAGER_ROOT: join(sub, 'env', STORE) } });
    expect(byEnv.json).toMatchObject({ root: join(sub, 'env', STORE), placement: 'explicit', created: true });
    expect(existsSync(join(t!.dir, STORE))).toBe(false);
  });

  it('outside git, works in the current directory as before', () => {
    t = tempDir('track-init-plain-');
    const sub = join(t.dir, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    const r = runCli(['init', '--json'], { cwd: sub });
    expect(r.json).toMatchObject({ root: join(sub, STORE), project_dir: sub, placement: 'here', created: true });
  });
});
