import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activateTrack, createTrack } from '../../src/features/tracks/lifecycle.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const existingSettings = {
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'echo welcome' }] }],
    PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'npx biome format' }] }],
  },
};

describe('track init --hooks --mcp and track uninstall', () => {
  let t: ReturnType<typeof tempDir> | undefined;
  afterEach(() => t?.cleanup());

  const read = (rel: string) => JSON.parse(readFileSync(join(t!.dir, rel), 'utf8'));

  it('merges into existing settings once, keeps them intact, and uninstall restores them', () => {
    t = tempDir('track-setup-');
    mkdirSync(join(t.dir, '.claude'));
    writeFileSync(join(t.dir, '.claude/settings.json'), JSON.stringify(existingSettings, null, 2), { mode: 0o644 });
    writeFileSync(join(t.dir, '.mcp.json'), JSON.stringify({ mcpServers: { other: { command: 'other' } } }));

    const first = runCli(['init', '--hooks', '--mcp', '--json'], { cwd: t.dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.config.map((c: any) => c.action)).toEqual(['added', 'added']);
    const second = runCli(['init', '--hooks', '--mcp', '--json'], { cwd: t.dir });
    expect(second.json.config.map((c: any) => c.action)).toEqual(['unchanged', 'unchanged']);

    const settings = read('.claude/settings.json');
    expect(settings.permissions).toEqual(existingSettings.permissions);
    expect(settings.hooks.PostToolUse).toEqual(existingSettings.hooks.PostToolUse);
    expect(settings.hooks.SessionStart).toHaveLength(2);
    expect(settings.hooks.SessionStart[0]).toEqual(existingSettings.hooks.SessionStart[0]);
    expect(settings.hooks.SessionStart[1].hooks[0].command).toMatch(/\$\{CLAUDE_PROJECT_DIR:-\.\}\/.*track-cli\.mjs.*node "\$f" hook session-start.*exit 0$/);
    expect(settings.hooks.PreCompact).toHaveLength(1);
    expect(statSync(join(t.dir, '.claude/settings.json')).mode & 0o777).toBe(0o644);
    expect(Object.keys(read('.mcp.json').mcpServers)).toEqual(['other', 'track-manager']);

    const removed = runCli(['uninstall', '--json'], { cwd: t.dir });
    expect(removed.code, removed.stderr).toBe(0);
    expect(read('.claude/settings.json')).toEqual(existingSettings);
    expect(read('.mcp.json')).toEqual({ mcpServers: { other: { command: 'other' } } });
    expect(existsSync(join(t.dir, '.claude/skills/track-manager'))).toBe(false);
    expect(existsSync(join(t.dir, '.claude/conductor/tracks/track-registry.json'))).toBe(true);
  });

  it('the hook command it writes runs the hook through the skill entry point', async () => {
    t = tempDir('track-setup-run-');
    mkdirSync(join(t.dir, 'node_modules'));
    symlinkSync(dirname(dirname(dirname(BIN))), join(t.dir, 'node_modules', 'track-manager'));
    expect(runCli(['init', '--hooks'], { cwd: t.dir }).code).toBe(0);
    const store = FileStore.open({ cwd: t.dir });
    await activateTrack(store, { track_id: (await createTrack(store, { name: 'Auth', goal: 'OAuth' })).track.track_id });
    const command = read('.claude/settings.json').hooks.SessionStart[0].hooks[0].command as string;
    const r = spawnSync('sh', ['-c', command], {
      cwd: t.dir,
      env: { ...process.env, CLAUDE_PROJECT_DIR: t.dir },
      input: JSON.stringify({ cwd: t.dir, hook_event_name: 'SessionStart', source: 'startup' }),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('# Track: Auth (track-auth-001)');
  });

  it('refuses a settings file that is not valid JSON and writes nothing at all', () => {
    t = tempDir('track-setup-bad-');
    mkdirSync(join(t.dir, '.claude'));
    writeFileSync(join(t.dir, '.claude/settings.json'), '{ "hooks": { ,, }');
    const r = runCli(['init', '--hooks'], { cwd: t.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/settings\.json.*not valid JSON.*nothing was changed/);
    expect(r.stderr).toContain('hint:');
    expect(readFileSync(join(t.dir, '.claude/settings.json'), 'utf8')).toBe('{ "hooks": { ,, }');
    expect(existsSync(join(t.dir, '.claude/conductor'))).toBe(false);
    expect(existsSync(join(t.dir, '.claude/skills'))).toBe(false);
  });

  it('uninstall deletes files that only held its entries', () => {
    t = tempDir('track-setup-fresh-');
    expect(runCli(['init', '--hooks', '--mcp'], { cwd: t.dir }).code).toBe(0);
    expect(runCli(['uninstall'], { cwd: t.dir }).code).toBe(0);
    expect(existsSync(join(t.dir, '.claude/settings.json'))).toBe(false);
    expect(existsSync(join(t.dir, '.mcp.json'))).toBe(false);
  });
});
