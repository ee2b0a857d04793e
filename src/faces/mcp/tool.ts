import type * as z from 'zod/mini';
import type { Face } from '../../core/face-commands.js';
import type { StorePort } from '../../store/port.js';

/** Which tools a host sees: `core` by default, `extended` only when asked for (each description costs context). */
export type ToolSet = 'core' | 'extended';

export interface ToolProgress {
  progress: number;
  total?: number | undefined;
  message?: string | undefined;
}

export interface ToolContext {
  /** Opens the tracks root afresh for each call, so a root created after the server started is found. */
  store(): StorePort;
  /** Sends a progress notification when the caller asked for them; otherwise does nothing. */
  progress(update: ToolProgress): Promise<void>;
  /** How results and hints name tools: only those this server serves (`mcp`: the default set, `mcp-all`: every tool). */
  face: Face;
  /** Aborted (with the signal's name) when the server is asked to exit: a running command is stopped and recorded. */
  stop?: AbortSignal | undefined;
}

/** One MCP tool = one service operation. */
export interface TrackTool {
  name: string;
  description: string;
  set: ToolSet;
  input: z.ZodMiniObject;
  /** `args` has already been validated against `input`. */
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<unknown>;
}

/** Declares a tool whose handler sees its arguments typed from its own schema. */
export function defineTool<S extends z.ZodMiniObject>(def: {
  name: string;
  description: string;
  set: ToolSet;
  input: S;
  run(args: z.infer<S>, ctx: ToolContext): Promise<unknown>;
}): TrackTool {
  return def as unknown as TrackTool;
}
