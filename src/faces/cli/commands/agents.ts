import type { CommandSpec } from '../command.js';
import { worktreeCommands } from './worktrees.js';

const hooks = () => import('../handlers/hook.js');

/** Commands agents' hosts run: the MCP server and the Claude Code hooks. */
export function agentCommands(): CommandSpec[] {
  return [
    {
      name: 'uninstall',
      summary: 'remove what init wrote (hooks, MCP entry, skill files); keeps the tracks root',
      details: `Removes from .claude/settings.json only the hook entries 'track init --hooks' added, from
.mcp.json only the "track-manager" server if it is still as init wrote it, and the skill entry
points and SKILL.md. A file left empty is deleted. The tracks root (your tracks) stays.`,
      options: {},
      run: async (inv) => (await import('../handlers/uninstall.js')).uninstall(inv),
    },
    {
      name: 'lanes',
      summary: 'every lane (worktree or named seat of work) of this store, and what each holds',
      details: `One row per lane: its id, worktree, branch, active track, current step, progress and last
activity; * marks the lane this command runs in. A lane is the git worktree a command runs in,
or a name given with --lane / TRACK_LANE. A worktree that is gone is marked (gone).`,
      options: {},
      run: async (inv) => (await import('../handlers/lanes.js')).lanes(inv),
    },
    ...worktreeCommands(),
    {
      name: 'mcp',
      summary: 'serve the track tools over MCP on stdio (for .mcp.json)',
      details: `Tools map 1:1 onto track operations; the active track's primer is the resource track://active/context.
The default tool list is the core set (kept small: hosts pay for every tool description);
--all-tools or TRACK_MCP_TOOLS=all adds the rest. Logs go to stderr only.`,
      options: { 'all-tools': { type: 'boolean', description: 'list every tool, not only the core set' } },
      run: async (inv) => (await import('../handlers/mcp.js')).mcp(inv),
    },
    {
      name: 'hook session-start',
      summary: "Claude Code SessionStart hook: print the active track's primer",
      details: `Reads the hook JSON on stdin (cwd, source: startup|resume|clear|compact) and prints the
active track's context primer as plain text, which Claude Code adds to the session.
Never takes the lock; prints nothing when no track is active or there is no tracks root;
always exits 0 (a problem is one line on stderr). Budget: --budget or TRACK_PRIMER_BUDGET (tokens).`,
      options: { budget: { type: 'string', value: 'TOKENS', description: 'primer size limit in tokens (default 1500)' } },
      run: async (inv) => (await hooks()).hook('session-start')(inv),
    },
    {
      name: 'hook pre-compact',
      summary: 'Claude Code PreCompact hook: checkpoint the active track',
      details: `Writes a 'pre-compact' checkpoint of the active track before the conversation is compacted.
Waits at most 500 ms for the lock, then gives up; always exits 0 (a problem is one line on stderr).`,
      options: {},
      run: async (inv) => (await hooks()).hook('pre-compact')(inv),
    },
  ];
}
