/**
 * `track init --root DIR` where commands will not find DIR by themselves: init says so, and every
 * next step it prints works when run as printed (the command line, the variable to export, and
 * the skill entry points it wrote).
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { shellRunner } from '../helpers/shell.js';
import { tempDir } from '../helpers/temp.js';

describe('init with a root that discovery does not find', () => {
  let t: ReturnType<typeof tempDir> | undefined;
  const sh = shellRunner();
  afterEach(() => t?.cleanup());

  const nextLine = (stdout: string): string => /^next: (.*)$/m.exec(stdout)?.[1] ?? '';

  it('--root store: says commands will not find it, and the printed next steps work', () => {
    t = tempDir('track-init-root-');
    const r = runCli(['init', '--root', 'store'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const root = join(t.dir, 'store');
    expect(r.stdout).toContain(
      `note: commands do not find this tracks root by themselves: they look for .claude/conductor/tracks in the working directory and above, and from ${t.dir} it finds none`,
    );
    // Without being told, commands do not find it: that is why the note is there.
    expect(runCli(['list'], { cwd: t.dir }).code).toBe(10);

    const next = nextLine(r.stdout);
    expect(next).toBe(`track create --root ${root} --name "…" --goal "…"`);
    const created = sh.run(next, t.dir);
    expect(created.code, created.stderr).toBe(0);
    // What create suggests next names the root too, and works as printed; so does an error's hint.
    const activate = nextLine(created.stdout);
    expect(activate).toMatch(new RegExp(`^track activate track-u\\S+ --root ${root}$`));
    expect(sh.run(activate, t.dir).code).toBe(0);
    const refused = runCli(['pause', '--root', root, '--track-id', 'track-nope-009'], { cwd: t.dir });
    expect(refused.code).toBe(3);
    const hint = /\(hint: (.*)\)\s*$/.exec(refused.stderr.trim())?.[1] ?? '';
    expect(hint).toContain(`--root ${root}`);

    const exported = /export (TRACK_MANAGER_ROOT=\S+)/.exec(r.stdout)?.[0] ?? '';
    expect(exported).toBe(`export TRACK_MANAGER_ROOT=${root}`);
    const listed = sh.run(`${exported} && track list`, t.dir);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('track-u');

    // The skill entry points it wrote find the store the same way.
    mkdirSync(join(t.dir, 'node_modules'));
    symlinkSync(dirname(dirname(dirname(BIN))), join(t.dir, 'node_modules', 'track-manager'));
    const entry = sh.run(`${exported} && node .claude/skills/track-manager/registry.mjs list`, t.dir);
    expect(entry.code, entry.stderr).toBe(0);
    expect(entry.stdout).toContain('track-u');

    expect(runCli(['init', '--root', 'store', '--json'], { cwd: t.dir }).json).toMatchObject({ placement: 'explicit', discoverable: false });
  });

  it('set through TRACK_MANAGER_ROOT, the note says so and the plain next step works while it stays set', () => {
    t = tempDir('track-init-env-');
    const env = { TRACK_MANAGER_ROOT: join(t.dir, 'elsewhere') };
    const r = runCli(['init'], { cwd: t.dir, env });
    expect(r.stdout).toContain('note: commands do not find this tracks root by themselves');
    const next = nextLine(r.stdout);
    expect(next).toBe('track create --name "…" --goal "…"');
    expect(sh.run(next, t.dir, env).code).toBe(0);
  });

  it('a root where discovery finds it gets no note', () => {
    t = tempDir('track-init-found-');
    for (const args of [['init'], ['init', '--root', '.claude/conductor/tracks']]) {
      const r = runCli([...args, '--json'], { cwd: t.dir });
      expect(r.json.discoverable, args.join(' ')).toBe(true);
      expect(runCli(args, { cwd: t.dir }).stdout).not.toContain('note:');
    }
    expect(nextLine(runCli(['init'], { cwd: t.dir }).stdout)).toBe('track create --name "…" --goal "…"');
  });
});
