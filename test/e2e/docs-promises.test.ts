/** What the docs promise about `plan show` and a second `init`, through the built CLI. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('promises the docs make', () => {
  let t: ReturnType<typeof tempDir> | undefined;
  afterEach(() => t?.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: (t as { dir: string }).dir });

  it("track plan show lists every step's command, control characters shown as escapes", () => {
    t = tempDir('track-planshow-');
    cli('init');
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { step_id: 'test', name: 'Test', type: 'testing', action: { type: 'run-command', command: 'npm test\nnpm run lint' } },
          {
            step_id: 'ship',
            name: 'Ship',
            type: 'deployment',
            action: {
              type: 'run-workflow',
              tasks: [
                { name: 'build', command: 'npm run build' },
                { name: 'push', command: 'git push\r\u001b[2K' },
              ],
            },
            depends_on: ['test'],
          },
          { step_id: 'review', name: 'Review', type: 'review', action: { type: 'review', instructions: 'Check the diff' }, depends_on: ['ship'] },
        ],
      }),
    );
    expect(cli('create', '--name', 'Imported', '--goal', 'g', '--plan', 'plan.json').code).toBe(0);
    const r = cli('plan', 'show', 'track-imported-001');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('$ npm test\n');
    expect(r.stdout).toContain('  npm run lint\n');
    expect(r.stdout).toContain('build: $ npm run build\n');
    expect(r.stdout).toContain('push: $ git push\\u{d}\\u{1b}[2K\n');
    expect(r.stdout).toContain('instructions: Check the diff\n');
    expect(r.stdout).not.toMatch(/[\r\u001b]/);
  });

  it('a second init reports unchanged files as unchanged, and rewrites only a file that differs', () => {
    t = tempDir('track-reinit-');
    const first = cli('init', '--hooks', '--json');
    expect(first.code, first.stderr).toBe(0);
    const written = first.json.files.filter((f: string) => f.includes('/.claude/skills/track-manager/')).length;
    expect(written).toBeGreaterThan(1);
    expect(first.json.files).toContain(join(t.dir, '.claude/conductor/tracks/.gitignore'));
    const second = cli('init', '--hooks');
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/^wrote /m);
    expect(second.stdout.match(/^unchanged .*\.claude\/skills\/track-manager\/\S+$/gm)).toHaveLength(written);
    expect(second.stdout).toMatch(/^unchanged \.claude\/settings\.json/m);
    const skill = join(t.dir, '.claude/skills/track-manager/SKILL.md');
    const original = readFileSync(skill, 'utf8');
    writeFileSync(skill, 'edited');
    const third = cli('init', '--json');
    expect(third.json.files).toEqual([skill]);
    expect(third.json.unchanged).toHaveLength(first.json.files.length - 1);
    expect(readFileSync(skill, 'utf8')).toBe(original);
  });
});
