import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { VERSION } from '../../../core/version.js';
import { createTrackServer } from '../../mcp/server.js';
import { toolsFor } from '../../mcp/tools.js';
import { flag, type Invocation } from '../command.js';
import type { Output } from '../output.js';
import { openStore } from './open-store.js';

export const ALL_TOOLS_ENV = 'TRACK_MCP_TOOLS';

/** Serves MCP on stdin/stdout until the client closes stdin. Nothing but protocol reaches stdout. */
export async function mcp(inv: Invocation): Promise<Output> {
  const all = flag(inv, 'all-tools') || process.env[ALL_TOOLS_ENV] === 'all';
  const handle = serveStdio(
    () => createTrackServer({ name: 'track-manager', version: VERSION, tools: toolsFor(all), openStore: () => openStore(inv.global) }),
    { onerror: (error) => process.stderr.write(`track mcp: ${error.message}\n`) },
  );
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await handle.close();
  return { json: null, human: [] };
}
