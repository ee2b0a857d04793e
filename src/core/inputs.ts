/** Schemas of what users and agents send in; the CLI, the library and the MCP tools share them. */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { LIMITS, prioritySchema, trackIdSchema, trackTypeSchema } from './schema.js';

const field = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const createInputSchema = lazySchema(() =>
  z.object({
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
  }),
);
export type CreateInput = z.input<typeof createInputSchema>;

export const reasonSchema = lazySchema(() => z.optional(z.string().check(z.maxLength(LIMITS.shortText))));

/** A primer budget in tokens (≈ characters / 4): one range for `track context`, the session hook and MCP. */
export const PRIMER_BUDGET = { min: 1, max: 100_000 } as const;
export const primerBudgetSchema = lazySchema(() => z.int().check(z.gte(PRIMER_BUDGET.min), z.lte(PRIMER_BUDGET.max)));

/** True for a whole number of tokens within PRIMER_BUDGET. */
export const isPrimerBudget = (n: number): boolean => Number.isInteger(n) && n >= PRIMER_BUDGET.min && n <= PRIMER_BUDGET.max;
