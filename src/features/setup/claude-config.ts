/**
 * Pure edits of Claude Code's `.claude/settings.json` (hooks) and `.mcp.json` (MCP servers):
 * add our entries once, remove exactly our entries, never touch anything else.
 */
import { ValidationError } from '../../core/errors.js';

type Json = Record<string, unknown>;

const ENTRY = '.claude/skills/track-manager/track-cli.mjs';

/**
 * A hook command for `sh`: it runs from any cwd (Claude Code sets $CLAUDE_PROJECT_DIR; `.` when
 * run by hand from the project) and always exits 0, with one line on stderr when the entry point
 * is missing, `node` is not on PATH, or the entry point finds no installed package.
 */
const hookCommand = (event: string): string =>
  `f="\${CLAUDE_PROJECT_DIR:-.}/${ENTRY}"; if [ -f "$f" ]; then node "$f" hook ${event}; ` +
  `else echo "track-manager hook ${event} skipped: $f is missing; run: track init --hooks" >&2; fi; exit 0`;

/** What earlier versions wrote: still recognised, so `init` upgrades it in place and `uninstall` removes it. */
const legacyHookCommand = (event: string): string => `node "$CLAUDE_PROJECT_DIR/${ENTRY}" hook ${event}`;

/** The hook entries `track init --hooks` writes; `track uninstall` recognises them by their command. */
export const OUR_HOOKS = [
  { event: 'SessionStart', matcher: 'startup|resume|clear|compact', command: hookCommand('session-start'), legacy: [legacyHookCommand('session-start')] },
  { event: 'PreCompact', matcher: 'manual|auto', command: hookCommand('pre-compact'), legacy: [legacyHookCommand('pre-compact')] },
] as const;
const HOOK_TIMEOUT_SECONDS = 5;

export const MCP_SERVER_NAME = 'track-manager';
export const OUR_MCP_SERVER = {
  type: 'stdio',
  command: 'node',
  // Claude Code expands ${VAR:-default} in .mcp.json; CLAUDE_PROJECT_DIR is set only in the server's own environment, hence `.`, the project the server starts in.
  args: [`\${CLAUDE_PROJECT_DIR:-.}/${ENTRY}`, 'mcp'],
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

type Ours = (typeof OUR_HOOKS)[number];
const hookIn = (commands: readonly string[]) => (h: unknown) => isObject(h) && typeof h.command === 'string' && commands.includes(h.command);
const groupHas = (group: unknown, commands: readonly string[]): boolean => isObject(group) && Array.isArray(group.hooks) && group.hooks.some(hookIn(commands));
const allCommands = (ours: Ours): readonly string[] => [ours.command, ...ours.legacy];

/** The groups with every legacy spelling of our command replaced by the current one. */
function upgraded(groups: unknown[], ours: Ours): unknown[] {
  const legacy = hookIn(ours.legacy);
  return groups.map((g) =>
    groupHas(g, ours.legacy)
      ? { ...(g as Json), hooks: ((g as Json).hooks as unknown[]).map((h) => (legacy(h) ? { ...(h as Json), command: ours.command } : h)) }
      : g,
  );
}

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
    if (groups.some((g) => groupHas(g, [ours.command]))) continue;
    if (groups.some((g) => groupHas(g, ours.legacy))) {
      hooks[ours.event] = upgraded(groups, ours);
      changes.push(`hooks.${ours.event} (updated)`);
      continue;
    }
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
    const commands = allCommands(ours);
    if (!groups?.some((g) => groupHas(g, commands))) continue;
    const isOurs = hookIn(commands);
    const kept = groups.flatMap((g) => {
      if (!groupHas(g, commands)) return [g];
      const group = g as Json;
      const rest = (group.hooks as unknown[]).filter((h) => !isOurs(h));
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
