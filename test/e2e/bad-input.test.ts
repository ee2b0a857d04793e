import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** Snapshot of every file under a directory: path → content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

describe('bad input gets a one-line error, an exit code, a hint, and no change on disk', () => {
  const t = tempDir('track-bad-');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  let id = '';
  beforeAll(() => {
    cli('init');
    id = cli('create', '--name', 'A', '--goal', 'g', '--json').json.track_id;
    cli('activate', id);
  });
  afterAll(() => t.cleanup());

  const cases: Array<[string, string[], number, RegExp]> = [
    ['unknown id', ['show', 'track-nope-999'], 3, /does not exist/],
    ['dot-dot id', ['show', '../../etc'], 2, /invalid track id/],
    ['absolute path id', ['activate', '--track-id', '/etc/passwd'], 2, /invalid track id/],
    ['proto id', ['show', '__proto__'], 2, /invalid track id/],
    ['illegal transition', ['archive'], 4, /cannot become archived/],
    ['second active', ['create', '--name', 'B', '--goal', 'g', '--id', 'track-b-1']],
    ['unknown command', ['frobnicate'], 2, /unknown command/],
    ['unknown option', ['list', '--colour'], 2, /unknown option/],
    ['bad enum', ['list', '--status', 'sleeping'], 2, /must be one of/],
    // The OS caps one argument at 128 KiB; the library test feeds a 10 MB goal directly.
    ['oversized goal', ['create', '--name', 'Big', '--goal', 'x'.repeat(120_000)], 2, /goal: too long/],
    ['proto field', ['update', '--field', '__proto__', '--value', '{}'], 2, /cannot be updated/],
    ['missing options', ['create', '--name', 'x'], 2, /needs --name and --goal/],
  ].filter((c): c is [string, string[], number, RegExp] => c.length === 4);

  for (const [name, args, code, message] of cases) {
    it(name, () => {
      const before = snapshot(t.dir);
      const r = cli(...args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/hint: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(snapshot(t.dir)).toEqual(before);
    });
  }

  it('--json errors are structured', () => {
    const r = cli('activate', 'track-nope-001', '--json');
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', hint: expect.any(String) } });
  });

  it('a malformed or truncated track.json and registry are reported, not crashed on', () => {
    const file = join(t.dir, '.claude/conductor/tracks', id, 'track.json');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, good.length / 2));
    let r = cli('show', id);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/not valid JSON.*hint: run 'track doctor'/);
    writeFileSync(file, good.replace('"schema_version"', '"__proto__": {"x": 1}, "schema_version"'));
    r = cli('show', id);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/forbidden key/);
    writeFileSync(file, good);
    const reg = join(t.dir, '.claude/conductor/tracks/track-registry.json');
    const goodReg = readFileSync(reg, 'utf8');
    writeFileSync(reg, goodReg.slice(0, 20));
    const before = snapshot(t.dir);
    r = cli('create', '--name', 'C', '--goal', 'g');
    expect(r.code).toBe(8);
    expect(snapshot(t.dir)).toEqual(before);
    writeFileSync(reg, goodReg);
    expect(cli('show', id).code).toBe(0);
  });

  it('outside any project it says to run track init', () => {
    const other = tempDir('track-none-');
    try {
      const r = runCli(['list'], { cwd: other.dir });
      expect(r.code).toBe(10);
      expect(r.stderr).toMatch(/track init/);
    } finally {
      other.cleanup();
    }
  });
});
