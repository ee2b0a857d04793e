import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

/** A real full disk: a 1 MiB tmpfs. Mounting needs privileges; without them the test is skipped and says why. */
const t = tempDir('track-fulldisk-');
const mountPoint = join(t.dir, 'disk');
mkdirSync(mountPoint);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mountPoint]).status === 0;
const reason = mounted ? '' : ' (skipped: mounting a tmpfs needs root or CAP_SYS_ADMIN here)';

function everyJsonParses(dir: string): string[] {
  const bad: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json') && !name.startsWith('.tmp-')) {
        try {
          JSON.parse(readFileSync(p, 'utf8'));
        } catch {
          bad.push(p);
        }
      }
    }
  };
  walk(dir);
  return bad;
}

describe.skipIf(!mounted)(`a real full disk${reason}`, () => {
  const project = join(mountPoint, 'project');
  beforeAll(() => mkdirSync(project));
  afterAll(() => {
    spawnSync('umount', [mountPoint]);
    t.cleanup();
  });

  it('writes fail cleanly with the disk full: typed error, nothing truncated, works again once space is freed', () => {
    const cli = (...args: string[]) => runCli(args, { cwd: project });
    expect(cli('init').code).toBe(0);
    const filler = join(mountPoint, 'filler');
    const free = statfsSync(mountPoint);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 160 * 1024)));
    const description = 'd'.repeat(19_000);
    let failure: ReturnType<typeof cli> | undefined;
    for (let i = 0; i < 200 && !failure; i++) {
      const r = cli('create', '--name', `Track ${i}`, '--goal', 'fill the disk', '--description', description);
      if (r.code !== 0) failure = r;
    }
    expect(failure, 'the 1 MiB disk never filled').toBeDefined();
    expect(failure?.stderr).toMatch(/the disk is full/);
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
    const root = join(project, '.claude', 'conductor', 'tracks');
    expect(everyJsonParses(root)).toEqual([]);
    expect(readdirSync(root).filter((n) => n.startsWith('.tmp-') || n === '.track.lock')).toEqual([]);
    expect(cli('list').code).toBe(0);
    // Free space (a file outside the store): the store works again and nothing needs repair.
    rmSync(filler);
    expect(cli('create', '--name', 'After', '--goal', 'g').code).toBe(0);
    expect(cli('doctor').code).toBe(0);
    expect(storeProblems(root)).toEqual([]);
  });
});
