import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { BIN } from './cli.js';

export interface McpSession {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Anything on the server's stdout that was not a JSON-RPC message for us (the SDK skips and reports it). */
  protocolErrors(): string[];
}

/** Starts the built `track mcp` in `dir` (with `env` added to a minimal environment) and connects the official SDK client to it over stdio. */
export async function connectMcp(dir: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...extraArgs],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => {
    stderr += d;
  });
  const client = new Client({ name: 'track-e2e', version: '1.0.0' });
  await client.connect(transport);
  const protocolErrors: string[] = [];
  client.onerror = (error) => protocolErrors.push(String(error));
  return { client, stderr: () => stderr, protocolErrors: () => protocolErrors };
}
