import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = join('.claude', 'conductor', 'tracks');

/** Every entry under `dir` with its permission bits. */
function modes(dir: string): Array<[string, number, boolean]> {
  const out: Array<[string, number, boolean]> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      out.push([p, st.mode & 0o777, st.isDirectory()]);
      if (st.isDirectory()) walk(p);
    }
  };
  out.push([dir, lstatSync(dir).mode & 0o777, true]);
  walk(dir);
  return out;
}

describe('security', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });

  it.each(['000', '077'])('root and files are 0700/0600 whatever the umask (%s)', (umask) => {
    t = tempDir('track-sec-');
    const script = [
      `umask ${umask}`,
      `node ${BIN} init`,
      `node ${BIN} create --name A --goal g`,
      `node ${BIN} activate track-a-001`,
      `node ${BIN} pause`,
      `node ${BIN} doctor --fix`,
    ].join(' && ');
    const r = spawnSync('sh', ['-c', script], { cwd: t.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TRACK_MANAGER_ROOT: '' } });
    expect(r.status, r.stderr).toBe(0);
    const wrong = modes(join(t.dir, ROOT)).filter(([, mode, dir]) => mode !== (dir ? 0o700 : 0o600));
    expect(wrong).toEqual([]);
  });

  it('refuses a root owned by another user or writable by others, unless --allow-foreign-root', () => {
    t = tempDir('track-sec-');
    cli('init');
    const root = join(t.dir, ROOT);
    chmodSync(root, 0o777);
    let r = cli('list');
    expect(r.code).toBe(13);
    expect(r.stderr).toMatch(/writable by every user.*hint: chmod 700/);
    expect(cli('list', '--allow-foreign-root').code).toBe(0);
    chmodSync(root, 0o700);
    if (process.getuid?.() === 0) {
      chownSync(root, 12345, 12345);
      r = cli('create', '--name', 'A', '--goal', 'g');
      expect(r.code).toBe(13);
      expect(r.stderr).toMatch(/belongs to uid 12345.*--allow-foreign-root/);
      expect(existsSync(join(root, 'track-a-001'))).toBe(false);
      expect(cli('create', '--name', 'A', '--goal', 'g', '--allow-foreign-root').code).toBe(0);
    }
  });

  it.each([
    ['track.json', 'track-a-001/track.json'],
    ['the registry', 'track-registry.json'],
    ['the lock', '.track.lock'],
    ['a checkpoint', 'track-a-001/checkpoints/checkpoint-001.json'],
  ])('a symlink planted in place of %s is never followed for writing', (_what, relative) => {
    t = tempDir('track-sec-');
    cli('init');
    cli('create', '--name', 'A', '--goal', 'g');
    cli('activate', 'track-a-001');
    cli('pause');
    const victim = join(t.dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const path = join(t.dir, ROOT, ...relative.split('/'));
    rmSync(path, { force: true });
    symlinkSync(victim, path);
    for (const args of [['resume'], ['update', 'track-a-001', '--field', 'name', '--value', 'X']]) {
      const r = runCli(args, { cwd: t.dir, env: { TRACK_LOCK_TIMEOUT_MS: '300' } });
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    const fixed = cli('doctor', '--fix', '--json');
    expect(fixed.json.problems.map((p: { path: string }) => p.path)).toContain(relative);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(victim).isFile()).toBe(true);
  });
});
