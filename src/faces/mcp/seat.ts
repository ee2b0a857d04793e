/**
 * Where a tool call acts: the lane of the worktree the agent works in. The server starts in one
 * directory but a session may move into a worktree mid-way, so every tool takes an optional `cwd`
 * and acts on that worktree's lane; without it, the server's own directory. A named lane is the
 * server's TRACK_LANE. The argument is advertised as a bare string (every tool carries it, and a
 * host pays for each byte of the tool list in every session); the checks run here.
 */
import * as z from 'zod/mini';
import type { TrackTool } from './tool.js';

export interface Seat {
  cwd?: string | undefined;
}

export const SEAT_INSTRUCTIONS =
  "Tracks are per lane: each git worktree is its own lane, with its own active track. When you work in a worktree other than the one this server started in, pass `cwd` (that worktree's absolute path) to every track tool.";

const absolutePath = z
  .string()
  .check(
    z.refine(
      (p) => p.length > 0 && p.length <= 4096 && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)),
      'an absolute path (the directory the agent works in)',
    ),
  );

const seatFields = () => ({ cwd: z.optional(absolutePath) });

/** The tool with `cwd` added to its input. */
export function seated(tool: TrackTool): TrackTool {
  return { ...tool, input: z.extend(tool.input, seatFields()) };
}
