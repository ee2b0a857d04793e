/**
 * Pure edits of Claude Code's `.claude/settings.json` (hooks) and `.mcp.json` (MCP servers):
 * add our entries once, remove exactly our entries, never touch anything else.
 */
import { ValidationError } from '../domain/errors.js';

type Json = Record<string, unknown>;

const CLI = '"$CLAUDE_PROJECT_DIR/.claude/skills/track-manager/track-cli.mjs"';

/** The hook entries `track init --hooks` writes; `track uninstall` recognises them by their command. */
export const OUR_HOOKS = [
  { event: 'SessionStart', matcher: 'startup|resume|clear|compact', command: `node ${CLI} hook session-start` },
  { event: 'PreCompact', matcher: 'manual|auto', command: `node ${CLI} hook pre-compact` },
] as const;
const HOOK_TIMEOUT_SECONDS = 5;

export const MCP_SERVER_NAME = 'track-manager';
export const OUR_MCP_SERVER = {
  type: 'stdio',
  command: 'node',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Claude Code expands ${VAR:-default} in .mcp.json; `.` is the project the server starts in
  args: ['${CLAUDE_PROJECT_DIR:-.}/.claude/skills/track-manager/track-cli.mjs', 'mcp'],
};

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function objectAt(parent: Json, key: string, file: string): Json | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new ValidationError(`${file}: "${key}" is not an object`, `fix ${file} by hand, then rerun the command`);
  return value;
}

function arrayAt(parent: Json, key: string, file: string): unknown[] | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ValidationError(`${file}: "hooks.${key}" is not an array`, `fix ${file} by hand, then rerun the command`);
  return value;
}

const groupHasCommand = (group: unknown, command: string): boolean =>
  isObject(group) && Array.isArray(group.hooks) && group.hooks.some((h) => isObject(h) && h.command === command);

export interface Edit<T> {
  value: T;
  /** What changed, one entry per added or removed item; empty when nothing did. */
  changes: string[];
}

/** Adds our hook entries that are missing; a second run changes nothing. */
export function addHooks(settings: unknown, file: string): Edit<Json> {
  if (!isObject(settings)) throw new ValidationError(`${file} is not a JSON object`, `fix ${file} by hand, then rerun the command`);
  const hooks = { ...(objectAt(settings, 'hooks', file) ?? {}) };
  const changes: string[] = [];
  for (const ours of OUR_HOOKS) {
    const groups = arrayAt(hooks, ours.event, file) ?? [];
    if (groups.some((g) => groupHasCommand(g, ours.command))) continue;
    hooks[ours.event] = [...groups, { matcher: ours.matcher, hooks: [{ type: 'command', command: ours.command, timeout: HOOK_TIMEOUT_SECONDS }] }];
    changes.push(`hooks.${ours.event}`);
  }
  return { value: changes.length ? { ...settings, hooks } : settings, changes };
}

/** Removes our hook commands; groups, event lists and `hooks` that only they filled go with them. */
export function removeHooks(settings: unknown, file: string): Edit<Json> {
  if (!isObject(settings)) throw new ValidationError(`${file} is not a JSON object`, `fix ${file} by hand, then rerun the command`);
  const current = objectAt(settings, 'hooks', file);
  if (!current) return { value: settings, changes: [] };
  const hooks = { ...current };
  const changes: string[] = [];
  for (const ours of OUR_HOOKS) {
    const groups = arrayAt(hooks, ours.event, file);
    if (!groups?.some((g) => groupHasCommand(g, ours.command))) continue;
    const kept = groups.flatMap((g) => {
      if (!groupHasCommand(g, ours.command)) return [g];
      const group = g as Json;
      const rest = (group.hooks as unknown[]).filter((h) => !(isObject(h) && h.command === ours.command));
      return rest.length ? [{ ...group, hooks: rest }] : [];
    });
    if (kept.length) hooks[ours.event] = kept;
    else delete hooks[ours.event];
    changes.push(`hooks.${ours.event}`);
  }
  if (!changes.length) return { value: settings, changes };
  const { hooks: _, ...rest } = settings;
  return { value: Object.keys(hooks).length ? { ...rest, hooks } : rest, changes };
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Adds our MCP server unless an entry of that name exists (a user's own entry is left alone). */
export function addMcpServer(config: unknown, file: string): Edit<Json> {
  if (!isObject(config)) throw new ValidationError(`${file} is not a JSON object`, `fix ${file} by hand, then rerun the command`);
  const servers = objectAt(config, 'mcpServers', file) ?? {};
  if (servers[MCP_SERVER_NAME] !== undefined) return { value: config, changes: [] };
  return { value: { ...config, mcpServers: { ...servers, [MCP_SERVER_NAME]: OUR_MCP_SERVER } }, changes: [`mcpServers.${MCP_SERVER_NAME}`] };
}

/** Removes our MCP server entry only if it is still exactly what init wrote. */
export function removeMcpServer(config: unknown, file: string): Edit<Json> {
  if (!isObject(config)) throw new ValidationError(`${file} is not a JSON object`, `fix ${file} by hand, then rerun the command`);
  const servers = objectAt(config, 'mcpServers', file);
  if (!servers || !sameJson(servers[MCP_SERVER_NAME], OUR_MCP_SERVER)) return { value: config, changes: [] };
  const { [MCP_SERVER_NAME]: _, ...others } = servers;
  const { mcpServers: __, ...rest } = config;
  return { value: Object.keys(others).length ? { ...rest, mcpServers: others } : rest, changes: [`mcpServers.${MCP_SERVER_NAME}`] };
}
