/** Schemas of what users and agents send in; the CLI, the library and the MCP tools share them. */
import * as z from 'zod/mini';
import { LIMITS, prioritySchema, trackIdSchema, trackTypeSchema } from './schema.js';

const field = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const createInputSchema = z.object({
  name: field(LIMITS.name),
  type: z._default(trackTypeSchema, 'feature'),
  goal: field(LIMITS.goal),
  priority: z._default(prioritySchema, 'P2'),
  description: z.optional(z.string().check(z.maxLength(LIMITS.text))),
  success_criteria: z.optional(z.array(field(LIMITS.shortText)).check(z.maxLength(LIMITS.listItems))),
  tags: z.optional(z.array(field(LIMITS.tag)).check(z.maxLength(LIMITS.listItems))),
  id: z.optional(trackIdSchema),
  parent: z.optional(trackIdSchema),
  target_files: z.optional(z.array(field(LIMITS.shortText)).check(z.maxLength(LIMITS.listItems))),
  target_directories: z.optional(z.array(field(LIMITS.shortText)).check(z.maxLength(LIMITS.listItems))),
});
export type CreateInput = z.input<typeof createInputSchema>;

export const reasonSchema = z.optional(z.string().check(z.maxLength(LIMITS.shortText)));
