/** Argument schemas of the MCP tools, composed from the domain schemas the services validate with. */
import * as z from 'zod/mini';
import { reasonSchema } from '../domain/inputs.js';
import { LIMITS, prioritySchema, statusSchema, trackIdSchema, trackTypeSchema } from '../domain/schema.js';
import { UPDATABLE_FIELDS } from '../service/update.js';

export { createInputSchema } from '../domain/inputs.js';

export const noInput = z.object({});

export const trackRefInput = z.object({ track_id: z.optional(trackIdSchema) });

export const moveInput = z.object({ track_id: z.optional(trackIdSchema), reason: reasonSchema });

export const switchInput = z.object({ to: trackIdSchema, reason: reasonSchema });

export const listInput = z.object({
  status: z.optional(z.array(statusSchema)),
  type: z.optional(z.array(trackTypeSchema)),
  priority: z.optional(z.array(prioritySchema)),
});

export const updateInput = z.object({
  track_id: z.optional(trackIdSchema),
  field: z.enum(['status', ...Object.keys(UPDATABLE_FIELDS)] as [string, ...string[]]),
  value: z.string().check(z.maxLength(LIMITS.text)),
  reason: reasonSchema,
});

export const contextInput = z.object({
  track_id: z.optional(trackIdSchema),
  budget: z.optional(z.int().check(z.gte(100), z.lte(100_000))),
});
