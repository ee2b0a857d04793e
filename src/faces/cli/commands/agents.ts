import type { CommandSpec } from '../command.js';
import { hookCommands } from './hooks.js';
import { worktreeCommands } from './worktrees.js';

/** Commands agents' hosts run: the MCP server and the Claude Code hooks. */
export function agentCommands(): CommandSpec[] {
  return [
    {
      name: 'uninstall',
      summary: 'remove what init wrote (hooks, MCP entry, skill files); keeps the tracks root',
      details: `Removes from .claude/settings.json only the hook entries 'track init --hooks' added, from
.mcp.json only the "track-manager" server if it is still as init wrote it, and the skill entry
points and SKILL.md, the merge=track lines of <root>/.gitattributes and the merge.track section
of the clone's git config. A file left empty is deleted. The tracks root (your tracks) stays.`,
      options: {},
      run: async (inv) => (await import('../handlers/uninstall.js')).uninstall(inv),
    },
    {
      name: 'merge-driver',
      summary: "git's merge driver for track documents (registered by init; git runs it)",
      details: `git runs it as 'track merge-driver %O %A %B %P' for the files the tracks root's .gitattributes
marks merge=track (track.json and context/*.json). It merges the three versions by meaning and
writes the result into %A: steps by step_id, context items by id, histories as unions, a field
changed differently on both sides taken from the later document with the loser recorded in
merge_history. It never writes conflict markers.
Exit code: 0 when merged; 1 when the versions cannot be merged (not JSON, not a track document, or a
result the schema refuses): %A then holds one side's JSON, git reports the conflict, and stderr says why.`,
      positionals: ['base', 'ours', 'theirs', 'path'],
      options: {},
      run: async (inv) => (await import('../handlers/merge-driver.js')).mergeDriver(inv),
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
    ...hookCommands(),
  ];
}
