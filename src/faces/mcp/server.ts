import { type CallToolResult, McpServer, type ServerContext } from '@modelcontextprotocol/server';
import { type Face, namedTools, withCarried } from '../../core/face-commands.js';
import { toTrackError } from '../../core/to-track-error.js';
import { mcpPrimer } from '../../features/primer/session-primer.js';
import type { StorePort } from '../../store/port.js';
import { parseToolArgs } from './args.js';
import { SEAT_INSTRUCTIONS, type Seat, seated } from './seat.js';
import { advertised } from './standard-schema.js';
import type { ToolContext, ToolProgress, TrackTool } from './tool.js';

export const CONTEXT_RESOURCE_URI = 'track://active/context';

export interface TrackServerOptions {
  name: string;
  version: string;
  tools: readonly TrackTool[];
  /** Opens the tracks root; called once per tool call or resource read, for the seat the call names (else the server's own). */
  openStore(seat?: Seat): StorePort;
  /** Aborted when the server must exit: tool calls stop their running commands and record them (see ToolContext.stop). */
  stop?: AbortSignal | undefined;
}

const asText = (value: unknown): string => JSON.stringify(value);

/** The end of a failed command's output, when the error carries it (a failed `next`). */
function outputTail(details: Record<string, unknown> | undefined): string {
  const tail = (details?.run as { tail?: Record<string, string> } | undefined)?.tail;
  if (!tail) return '';
  return Object.entries(tail)
    .map(([stream, text]) => `\n\n${stream} (last lines):\n${text.replace(/\n$/, '')}`)
    .join('');
}

/** Any thrown value as an MCP tool error whose structured content carries code, message and hint (its calls the face's tools). */
export function toolError(error: unknown, face: Face): CallToolResult {
  const payload = toTrackError(error).payload(face);
  return {
    isError: true,
    content: [{ type: 'text', text: `${payload.code}: ${payload.message}${payload.hint ? ` (hint: ${payload.hint})` : ''}${outputTail(payload.details)}` }],
    structuredContent: { ...payload },
  };
}

function progressReporter(ctx: ServerContext): ToolContext['progress'] {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return async () => {};
  return (update: ToolProgress) =>
    ctx.mcpReq.notify({
      method: 'notifications/progress',
      params: {
        progressToken: token,
        progress: update.progress,
        ...(update.total !== undefined ? { total: update.total } : {}),
        ...(update.message ? { message: update.message } : {}),
      },
    });
}

async function callTool(tool: TrackTool, rawArgs: unknown, ctx: ServerContext, options: TrackServerOptions, face: Face): Promise<CallToolResult> {
  const cwd = (rawArgs as { cwd?: unknown } | undefined)?.cwd;
  // Every call the result or an error suggests acts from the same directory as this one.
  return withCarried({ cwd: typeof cwd === 'string' ? cwd : undefined }, async () => {
    try {
      const { cwd: _seat, ...args } = parseToolArgs(tool, rawArgs, face);
      const seat: Seat = { cwd: typeof cwd === 'string' ? cwd : undefined };
      const result = await tool.run(args, { store: () => options.openStore(seat), progress: progressReporter(ctx), face, stop: options.stop });
      // Markdown and logs are read by the agent as they are, not wrapped in JSON.
      if (typeof result === 'string') return { content: [{ type: 'text', text: result }] };
      const structured = (result !== null && typeof result === 'object' && !Array.isArray(result) ? result : { result }) as Record<string, unknown>;
      return { content: [{ type: 'text', text: asText(structured) }], structuredContent: structured };
    } catch (error) {
      if (process.env.TRACK_DEBUG === '1') process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      return toolError(error, face);
    }
  });
}

/** The primer, or one line saying why there is none (no active track, no tracks root, a damaged store). */
async function primerText(openStore: () => StorePort, face: Face): Promise<string> {
  try {
    return await mcpPrimer(openStore(), { face });
  } catch (error) {
    const typed = toTrackError(error);
    const hint = typed.hintFor(face);
    return `No track context: ${typed.message}${hint ? ` (hint: ${hint})` : ''}`;
  }
}

/** Results and hints name only tools this server serves: all of them (`--all-tools`), or the default set's terms. */
function faceOf(tools: readonly TrackTool[]): Face {
  const served = new Set(tools.map((t) => t.name));
  return namedTools().every((t) => served.has(t.tool)) ? 'mcp-all' : 'mcp';
}

/** An MCP server whose tools map 1:1 onto service calls, plus the active track's primer as a resource. */
export function createTrackServer(options: TrackServerOptions): McpServer {
  const server = new McpServer(
    { name: options.name, version: options.version },
    { capabilities: { tools: {}, resources: {} }, instructions: SEAT_INSTRUCTIONS },
  );
  const face = faceOf(options.tools);
  for (const tool of options.tools.map(seated)) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: advertised(tool.input) }, (args, ctx) =>
      callTool(tool, args, ctx, options, face),
    );
  }
  server.registerResource(
    'active-track-context',
    CONTEXT_RESOURCE_URI,
    { title: 'Active track context', description: 'Primer of the active track for a fresh session.', mimeType: 'text/markdown' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await primerText(options.openStore, face) }] }),
  );
  return server;
}
