import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { addHooks, addMcpServer, MCP_SERVER_NAME, OUR_HOOKS, OUR_MCP_SERVER, removeHooks, removeMcpServer } from '../../../src/features/setup/claude-config.js';

const F = '.claude/settings.json';
const userHook = { matcher: 'startup', hooks: [{ type: 'command', command: 'echo mine' }] };

describe('Claude Code settings edits', () => {
  it('adds one SessionStart and one PreCompact entry, using CLAUDE_PROJECT_DIR', () => {
    const { value, changes } = addHooks({}, F);
    expect(changes).toEqual(['hooks.SessionStart', 'hooks.PreCompact']);
    const hooks = value.hooks as any;
    expect(hooks.SessionStart[0].hooks[0]).toMatchObject({ type: 'command', command: OUR_HOOKS[0].command });
    expect(hooks.SessionStart[0].matcher).toBe('startup|resume|clear|compact');
    expect(hooks.PreCompact[0].hooks[0].command).toContain(`\${CLAUDE_PROJECT_DIR:-.}`);
  });

  it('keeps every other setting and hook, and is idempotent', () => {
    const settings = { model: 'opus', hooks: { SessionStart: [userHook], Stop: [userHook] } };
    const once = addHooks(settings, F).value;
    const twice = addHooks(once, F);
    expect(twice.changes).toEqual([]);
    expect(twice.value).toEqual(once);
    expect(once.model).toBe('opus');
    expect((once.hooks as any).SessionStart).toHaveLength(2);
    expect((once.hooks as any).SessionStart[0]).toEqual(userHook);
    expect((once.hooks as any).Stop).toEqual([userHook]);
  });

  it('recognises its entry even when someone moved it into a group of theirs', () => {
    const settings = {
      hooks: {
        SessionStart: [
          {
            hooks: [
              { type: 'command', command: 'echo mine' },
              { type: 'command', command: OUR_HOOKS[0].command },
            ],
          },
        ],
      },
    };
    expect(addHooks(settings, F).changes).toEqual(['hooks.PreCompact']);
    const removed = removeHooks(settings, F).value as any;
    expect(removed.hooks.SessionStart).toEqual([{ hooks: [{ type: 'command', command: 'echo mine' }] }]);
  });

  it('removal restores exactly what was there before', () => {
    const before = { model: 'opus', hooks: { SessionStart: [userHook] } };
    expect(removeHooks(addHooks(before, F).value, F).value).toEqual(before);
    expect(removeHooks(addHooks({}, F).value, F).value).toEqual({});
    expect(removeHooks(before, F).changes).toEqual([]);
  });

  it('upgrades the command an earlier version wrote in place, and removes either spelling', () => {
    const legacy = 'node "$CLAUDE_PROJECT_DIR/.claude/skills/track-manager/track-cli.mjs" hook session-start';
    const settings = { hooks: { SessionStart: [userHook, { matcher: 'startup', hooks: [{ type: 'command', command: legacy, timeout: 9 }] }] } };
    const { value, changes } = addHooks(settings, F);
    expect(changes).toEqual(['hooks.SessionStart (updated)', 'hooks.PreCompact']);
    expect((value.hooks as any).SessionStart).toEqual([
      userHook,
      { matcher: 'startup', hooks: [{ type: 'command', command: OUR_HOOKS[0].command, timeout: 9 }] },
    ]);
    expect(addHooks(value, F).changes).toEqual([]);
    expect(removeHooks(settings, F).value).toEqual({ hooks: { SessionStart: [userHook] } });
  });

  it('writes hook commands that degrade to exit 0 from any directory', () => {
    for (const ours of OUR_HOOKS) {
      expect(ours.command).toMatch(/^f="\$\{CLAUDE_PROJECT_DIR:-\.\}\/\.claude\/skills\/track-manager\/track-cli\.mjs"; /);
      expect(ours.command.endsWith('; exit 0')).toBe(true);
    }
  });

  it('refuses shapes it cannot merge into', () => {
    expect(() => addHooks([], F)).toThrow(ValidationError);
    expect(() => addHooks({ hooks: 'x' }, F)).toThrow(/"hooks" is not an object/);
    expect(() => addHooks({ hooks: { SessionStart: {} } }, F)).toThrow(/hooks.SessionStart" is not an array/);
  });
});

describe('.mcp.json edits', () => {
  it('adds the server once, keeps other servers, removes only its own unchanged entry', () => {
    const other = { command: 'npx', args: ['other-server'] };
    const added = addMcpServer({ mcpServers: { other } }, '.mcp.json');
    expect(added.changes).toEqual([`mcpServers.${MCP_SERVER_NAME}`]);
    expect((added.value.mcpServers as any)[MCP_SERVER_NAME]).toEqual(OUR_MCP_SERVER);
    expect(addMcpServer(added.value, '.mcp.json').changes).toEqual([]);
    expect(removeMcpServer(added.value, '.mcp.json').value).toEqual({ mcpServers: { other } });
    expect(removeMcpServer(addMcpServer({}, '.mcp.json').value, '.mcp.json').value).toEqual({});
  });

  it('leaves a user-edited entry of the same name alone', () => {
    const mine = { mcpServers: { [MCP_SERVER_NAME]: { command: 'track', args: ['mcp', '--all-tools'] } } };
    expect(addMcpServer(mine, '.mcp.json').changes).toEqual([]);
    expect(removeMcpServer(mine, '.mcp.json').changes).toEqual([]);
  });
});
