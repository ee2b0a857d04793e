// What `track init` writes is committed with the project: it must name no path of this machine and
// must work wherever the project lands, with the package installed however it is (or not at all).
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const PACKAGE_DIR = dirname(dirname(dirname(BIN)));
const SKILL = '.claude/skills/track-manager';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

interface Machine {
  /** The project, moved away from where init wrote it. */
  project: string;
  /** Holds nothing but `node` (and, when given, `track`): the only directory on PATH. */
  bin: string;
  cleanup(): void;
}

let machine: Machine | undefined;
afterEach(() => {
  machine?.cleanup();
  machine = undefined;
});

/** Runs init in one directory, checks what it wrote, then moves the project to another: a clone elsewhere. */
function initAndMove(): Machine {
  const first = tempDir('track-portable-a-');
  const second = tempDir('track-portable-b-');
  const written = join(first.dir, 'project');
  mkdirSync(written);
  const r = runCli(['init', '--hooks', '--mcp'], { cwd: written });
  expect(r.code, r.stderr).toBe(0);
  const forbidden = [
    PACKAGE_DIR,
    written,
    first.dir,
    tmpdir(),
    homedir(),
    process.execPath,
    join(dirname(dirname(process.execPath)), 'lib'),
    'file:',
    'node_modules/track-manager',
  ];
  const files = filesUnder(written);
  expect(files.length).toBeGreaterThan(8);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const path of forbidden) expect(text.includes(path), `${file} contains ${path}`).toBe(false);
  }
  const project = join(second.dir, 'clone');
  cpSync(written, project, { recursive: true });
  first.cleanup();
  const bin = join(second.dir, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  return { project, bin, cleanup: second.cleanup };
}

const envOf = (m: Machine): NodeJS.ProcessEnv => ({ PATH: m.bin, HOME: dirname(m.bin), NO_COLOR: '1', CLAUDE_PROJECT_DIR: m.project });

/** An entry point as the skill runs it: `node .claude/skills/track-manager/NAME.mjs …` from the project. */
const entry = (m: Machine, name: string, args: string[]): SpawnSyncReturns<string> =>
  spawnSync(join(m.bin, 'node'), [`${SKILL}/${name}`, ...args], { cwd: m.project, env: envOf(m), encoding: 'utf8', input: '' });

/** A hook command from settings.json, run by `sh` as Claude Code does, from an unrelated directory. */
function hook(m: Machine, event: 'SessionStart' | 'PreCompact'): SpawnSyncReturns<string> {
  const settings = JSON.parse(readFileSync(join(m.project, '.claude/settings.json'), 'utf8'));
  const command = settings.hooks[event][0].hooks[0].command as string;
  const input = JSON.stringify({ session_id: 's1', cwd: m.project, hook_event_name: event, source: 'startup', trigger: 'auto' });
  return spawnSync('/bin/sh', ['-c', command], { cwd: m.bin, env: envOf(m), encoding: 'utf8', input });
}

/** The MCP server as .mcp.json says, expanded as Claude Code does: the server starts in the project. */
function mcpInitialize(m: Machine): SpawnSyncReturns<string> {
  const server = JSON.parse(readFileSync(join(m.project, '.mcp.json'), 'utf8')).mcpServers['track-manager'];
  const args = (server.args as string[]).map((a) => a.replace(`\${CLAUDE_PROJECT_DIR:-.}`, '.'));
  const initialize = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  };
  return spawnSync(join(m.bin, server.command), args, { cwd: m.project, env: envOf(m), encoding: 'utf8', input: `${JSON.stringify(initialize)}\n` });
}

function expectWorks(m: Machine): void {
  const created = entry(m, 'manager.mjs', ['create', '--name', 'Auth', '--goal', 'Add OAuth']);
  expect(created.status, created.stderr).toBe(0);
  expect(entry(m, 'track-cli.mjs', ['activate', 'track-auth-001']).status).toBe(0);
  const active = entry(m, 'registry.mjs', ['get-active', '--json']);
  expect(active.stdout).toContain('"track-auth-001"');
  const start = hook(m, 'SessionStart');
  expect(start.status, start.stderr).toBe(0);
  expect(start.stdout).toContain('# Track: Auth (track-auth-001)');
  expect(start.stderr).toBe('');
  const compact = hook(m, 'PreCompact');
  expect(compact.status, compact.stderr).toBe(0);
  expect(compact.stderr).toBe('');
  const mcp = mcpInitialize(m);
  expect(mcp.status, mcp.stderr).toBe(0);
  expect(mcp.stdout).toContain('"serverInfo"');
}

const oneLine = (text: string): string => {
  const lines = text.trimEnd().split('\n');
  expect(lines, text).toHaveLength(1);
  return lines[0] as string;
};

describe('what init writes is portable', () => {
  it('runs from a moved clone through the package in the project node_modules', () => {
    machine = initAndMove();
    mkdirSync(join(machine.project, 'node_modules'));
    symlinkSync(PACKAGE_DIR, join(machine.project, 'node_modules', 'track-manager'));
    expectWorks(machine);
  });

  it('runs through the track on PATH when the project has no node_modules (a global npm install)', () => {
    machine = initAndMove();
    symlinkSync(BIN, join(machine.bin, 'track'));
    expectWorks(machine);
  });

  it('runs through an npm prefix whose bin/track is a shim, not a symlink', () => {
    machine = initAndMove();
    const prefix = join(dirname(machine.bin), 'prefix');
    mkdirSync(join(prefix, 'bin'), { recursive: true });
    mkdirSync(join(prefix, 'lib', 'node_modules'), { recursive: true });
    symlinkSync(PACKAGE_DIR, join(prefix, 'lib', 'node_modules', 'track-manager'));
    writeFileSync(join(prefix, 'bin', 'track'), '#!/bin/sh\nexec node "$(dirname "$0")/../lib/node_modules/track-manager/dist/bin/track.cjs" "$@"\n');
    chmodSync(join(prefix, 'bin', 'track'), 0o755);
    const r = spawnSync(join(machine.bin, 'node'), [`${SKILL}/registry.mjs`, 'list'], {
      cwd: machine.project,
      env: { ...envOf(machine), PATH: `${join(prefix, 'bin')}:${machine.bin}` },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('no tracks');
  });

  it('with no package anywhere: hooks exit 0 with one line, entry points and the MCP server name the install command', () => {
    machine = initAndMove();
    for (const event of ['SessionStart', 'PreCompact'] as const) {
      const r = hook(machine, event);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr)).toMatch(/^track-manager hook (session-start|pre-compact) skipped: .*not installed.*npm install --save-dev track-manager/);
    }
    for (const name of ['manager.mjs', 'registry.mjs', 'track-cli.mjs']) {
      const r = entry(machine, name, ['list']);
      expect(r.status).toBe(127);
      expect(oneLine(r.stderr)).toBe(
        `${name}: the track-manager package is not installed here; install it: npm install --save-dev track-manager (or npm install -g track-manager)`,
      );
    }
    const mcp = mcpInitialize(machine);
    expect(mcp.status).toBe(127);
    expect(mcp.stdout).toBe('');
    expect(oneLine(mcp.stderr)).toContain('npm install --save-dev track-manager');
  });

  it('a package that fails to load: one line naming the reinstall command; a hook still exits 0', () => {
    machine = initAndMove();
    const broken = join(machine.project, 'node_modules', 'track-manager');
    mkdirSync(join(broken, 'bin'), { recursive: true });
    writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: 'track-manager', bin: { track: 'bin/track.cjs' } }));
    writeFileSync(join(broken, 'bin', 'track.cjs'), "require('a-dependency-that-was-never-installed');\n");
    const r = entry(machine, 'registry.mjs', ['list']);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(
      /^registry\.mjs: cannot load .*track\.cjs: Cannot find module 'a-dependency-that-was-never-installed'; reinstall it: npm install/,
    );
    const start = hook(machine, 'SessionStart');
    expect(start.status).toBe(0);
    expect(oneLine(start.stderr)).toContain('cannot load');
  });

  it('hooks still exit 0 with one line when the entry point or node itself is missing', () => {
    machine = initAndMove();
    rmSync(join(machine.project, SKILL), { recursive: true });
    const missing = hook(machine, 'SessionStart');
    expect(missing.status).toBe(0);
    expect(oneLine(missing.stderr)).toMatch(/skipped: .*track-cli\.mjs is missing; run: track init --hooks$/);
    rmSync(join(machine.bin, 'node'));
    const r = runCli(['init', '--hooks'], { cwd: machine.project });
    expect(r.code, r.stderr).toBe(0);
    const noNode = hook(machine, 'SessionStart');
    expect(noNode.status).toBe(0);
    expect(oneLine(noNode.stderr)).toMatch(/node.*not found/);
  });
});
