import type { CommandSpec } from '../command.js';

/** Commands agents' hosts run: the MCP server and the Claude Code hooks. */
export function agentCommands(): CommandSpec[] {
  return [
    {
      name: 'mcp',
      summary: 'serve the track tools over MCP on stdio (for .mcp.json)',
      details: `Tools map 1:1 onto track operations; the active track's primer is the resource track://active/context.
The default tool list is the core set (kept small: hosts pay for every tool description);
--all-tools or TRACK_MCP_TOOLS=all adds the rest. Logs go to stderr only.`,
      options: { 'all-tools': { type: 'boolean', description: 'list every tool, not only the core set' } },
      run: async (inv) => (await import('../handlers/mcp.js')).mcp(inv),
    },
  ];
}
