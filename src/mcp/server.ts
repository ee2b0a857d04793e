import { type CallToolResult, McpServer, type ServerContext } from '@modelcontextprotocol/server';
import { mcpPrimer } from '../agents/session-primer.js';
import { toTrackError } from '../cli/output.js';
import { ValidationError } from '../domain/errors.js';
import { parseInput } from '../domain/validate.js';
import type { TrackStore } from '../service/lifecycle.js';
import { advertised } from './standard-schema.js';
import type { ToolContext, ToolProgress, TrackTool } from './tool.js';

export const CONTEXT_RESOURCE_URI = 'track://active/context';

export interface TrackServerOptions {
  name: string;
  version: string;
  tools: readonly TrackTool[];
  /** Opens the tracks root; called once per tool call or resource read. */
  openStore(): TrackStore;
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

/** Any thrown value as an MCP tool error whose structured content carries code, message and hint. */
export function toolError(error: unknown): CallToolResult {
  const typed = toTrackError(error);
  const payload = typed.toJSON();
  return {
    isError: true,
    content: [{ type: 'text', text: `${typed.code}: ${typed.message}${typed.hint ? ` (hint: ${typed.hint})` : ''}${outputTail(typed.details)}` }],
    structuredContent: payload,
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

/** Arguments the tool does not take are refused, naming the ones it does (a typo must not be silently dropped). */
function refuseUnknown(tool: TrackTool, rawArgs: unknown): void {
  if (rawArgs === null || typeof rawArgs !== 'object' || Array.isArray(rawArgs)) return;
  const accepted = Object.keys(tool.input.shape);
  const unknown = Object.keys(rawArgs).filter((k) => !accepted.includes(k));
  if (!unknown.length) return;
  const names = unknown.map((k) => `'${k.slice(0, 40)}'`).join(', ');
  throw new ValidationError(
    `${tool.name} does not take ${unknown.length === 1 ? 'the argument' : 'the arguments'} ${names}; it takes ${accepted.join(', ') || 'no arguments'}`,
    accepted.length ? `call ${tool.name} with only: ${accepted.join(', ')}` : `call ${tool.name} with {}`,
    { unknown, accepted },
  );
}

async function callTool(tool: TrackTool, rawArgs: unknown, ctx: ServerContext, openStore: () => TrackStore): Promise<CallToolResult> {
  try {
    refuseUnknown(tool, rawArgs);
    const args = parseInput(tool.input, rawArgs ?? {}, tool.name.replaceAll('_', '-')) as Record<string, unknown>;
    const result = await tool.run(args, { store: openStore, progress: progressReporter(ctx) });
    // Markdown and logs are read by the agent as they are, not wrapped in JSON.
    if (typeof result === 'string') return { content: [{ type: 'text', text: result }] };
    const structured = (result !== null && typeof result === 'object' && !Array.isArray(result) ? result : { result }) as Record<string, unknown>;
    return { content: [{ type: 'text', text: asText(structured) }], structuredContent: structured };
  } catch (error) {
    if (process.env.TRACK_DEBUG === '1') process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    return toolError(error);
  }
}

/** The primer, or one line saying why there is none (no active track, no tracks root, a damaged store). */
async function primerText(openStore: () => TrackStore): Promise<string> {
  try {
    return await mcpPrimer(openStore());
  } catch (error) {
    const typed = toTrackError(error);
    return `No track context: ${typed.message}${typed.hint ? ` (hint: ${typed.hint})` : ''}`;
  }
}

/** An MCP server whose tools map 1:1 onto service calls, plus the active track's primer as a resource. */
export function createTrackServer(options: TrackServerOptions): McpServer {
  const server = new McpServer({ name: options.name, version: options.version }, { capabilities: { tools: {}, resources: {} } });
  for (const tool of options.tools) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: advertised(tool.input) }, (args, ctx) =>
      callTool(tool, args, ctx, options.openStore),
    );
  }
  server.registerResource(
    'active-track-context',
    CONTEXT_RESOURCE_URI,
    { title: 'Active track context', description: 'Primer of the active track for a fresh session.', mimeType: 'text/markdown' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await primerText(options.openStore) }] }),
  );
  return server;
}
