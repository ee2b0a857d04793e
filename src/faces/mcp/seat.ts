/**
 * Where a tool call acts: the lane of the worktree the agent works in. The server starts in one
 * directory but a session may move into a worktree mid-way, so every tool takes an optional `cwd`
 * (and `lane`) and acts on that lane; without them, the server's own directory and TRACK_LANE.
 */
import * as z from 'zod/mini';
import { laneIdSchema } from '../../core/schema.js';
import type { TrackTool } from './tool.js';

export interface Seat {
  cwd?: string | undefined;
  lane?: string | undefined;
}

export const SEAT_INSTRUCTIONS =
  "Tracks are per lane: each git worktree is its own lane, with its own active track. When you work in a worktree other than the one this server started in, pass `cwd` (that worktree's absolute path) to every track tool, or `lane` to name a lane.";

const absolutePath = z.string().check(
  z.minLength(1),
  z.maxLength(4096),
  z.refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'an absolute path'),
);

const seatFields = () => ({
  cwd: z.optional(absolutePath),
  lane: z.optional(laneIdSchema),
});

/** The tool with `cwd` and `lane` added to its input. */
export function seated(tool: TrackTool): TrackTool {
  return { ...tool, input: z.extend(tool.input, seatFields()) };
}
