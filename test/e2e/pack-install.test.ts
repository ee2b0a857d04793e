// The packed package is what users install: it must carry the built CLI and work from a global
// install. The tarball is packed with --ignore-scripts from the dist/ that `npm test` just built,
// so packing never rebuilds dist/ under the other tests; that `prepack` builds is checked apart.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_FLAGS, npm, PACKAGE_DIR, type Packed, packInto } from '../helpers/pack.js';
import { tempDir } from '../helpers/temp.js';

const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));

describe('the packed package', () => {
  let t: ReturnType<typeof tempDir>;
  let packed: Packed;
  beforeAll(() => {
    t = tempDir('track-pack-');
    packed = packInto(t.dir);
  }, 120_000);
  afterAll(() => t?.cleanup());

  it('builds dist/ whenever it is packed, and ships the CLI, the library and the MCP server', () => {
    expect(manifest.scripts.prepack).toBe('npm run build');
    expect(manifest.scripts.build).toBe('node scripts/build.mjs');
    const files = packed.files;
    for (const file of ['dist/bin/track.cjs', 'dist/bin/cli.cjs', 'dist/index.js', 'dist/index.d.ts', 'dist/faces/mcp/server.js', 'track.schema.json']) {
      expect(files, file).toContain(file);
    }
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('installs globally from the tarball and walks a track through init, hooks and an entry point', () => {
    const prefix = join(t.dir, 'prefix');
    const install = npm(['install', '-g', '--prefix', prefix, packed.tarball, ...INSTALL_FLAGS], t.dir);
    expect(install.status, install.stderr).toBe(0);
    // PATH holds the installed `track` and `node`, nothing of this repository.
    const nodeBin = join(t.dir, 'node-bin');
    mkdirSync(nodeBin);
    symlinkSync(process.execPath, join(nodeBin, 'node'));
    const env = { PATH: `${join(prefix, 'bin')}:${nodeBin}`, HOME: t.dir, NO_COLOR: '1' };
    const project = join(t.dir, 'repo');
    mkdirSync(project);
    expect(spawnSync('git', ['init', '-q'], { cwd: project }).status).toBe(0);
    const track = (args: string[], input = '') => {
      const r = spawnSync(join(prefix, 'bin', 'track'), args, { cwd: project, env, encoding: 'utf8', input });
      expect(r.status, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };

    expect(realpathSync(join(prefix, 'bin', 'track')).startsWith(realpathSync(prefix))).toBe(true);
    expect(track(['--version']).trim()).toBe(manifest.version);
    const init = JSON.parse(track(['init', '--hooks', '--mcp', '--json']));
    expect(init).toMatchObject({ project_dir: project, created: true });
    // No git program on this PATH: the project is set up all the same, and init says what it could not do.
    expect(init.config).toContainEqual(expect.objectContaining({ action: 'skipped', reason: expect.stringContaining("no 'git' on PATH") }));
    const id = JSON.parse(track(['create', '--name', 'Pack', '--goal', 'Ship the tarball', '--json'])).track_id as string;
    expect(id).toMatch(/^track-pack-001-[2-9a-hjkmnp-z]{5}$/); // a git repository: the id carries its tag
    track(['activate', id]);
    expect(track(['get-active', '--json'])).toContain(`"${id}"`);
    const primer = track(['hook', 'session-start'], JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'SessionStart', source: 'startup' }));
    expect(primer).toContain(`# Track: Pack (${id})`);

    const settings = JSON.parse(readFileSync(join(project, '.claude/settings.json'), 'utf8'));
    const hook = spawnSync('/bin/sh', ['-c', settings.hooks.SessionStart[0].hooks[0].command], {
      cwd: t.dir,
      env: { ...env, CLAUDE_PROJECT_DIR: project },
      encoding: 'utf8',
      input: JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'SessionStart', source: 'resume' }),
    });
    expect(hook.status, hook.stderr).toBe(0);
    expect(hook.stdout).toContain(`# Track: Pack (${id})`);
    const entry = spawnSync(join(nodeBin, 'node'), ['.claude/skills/track-manager/registry.mjs', 'get-active', '--json'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(entry.status, entry.stderr).toBe(0);
    expect(entry.stdout).toContain(`"${id}"`);

    // The MCP server needs its SDK, a dependency the install fetched.
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    };
    expect(track(['mcp'], `${JSON.stringify(initialize)}\n`)).toContain('"serverInfo"');
  }, 150_000);
});
