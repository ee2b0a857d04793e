import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('create reports overlapping target files', () => {
  const t = tempDir('track-create-conflicts-');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  afterAll(() => t.cleanup());

  it('names the open track and the overlapping patterns, and still creates the track', () => {
    expect(cli('init').code).toBe(0);
    const a = cli('create', '--name', 'Auth', '--goal', 'g', '--target-dir', 'src/auth', '--json');
    expect(a.code).toBe(0);
    expect(a.json.conflicts).toEqual([]);
    expect(a.json.context.target_directories).toEqual(['src/auth']);
    const b = cli('create', '--name', 'Login', '--goal', 'g', '--target-file', 'src/auth/**/*.ts', '--target-file', 'docs/login.md');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('track-auth-001');
    expect(b.stdout).toMatch(/src\/auth/);
    const c = cli('create', '--name', 'Docs', '--goal', 'g', '--target-file', 'README.md', '--json');
    expect(c.json.conflicts).toEqual([]);
  });
});
