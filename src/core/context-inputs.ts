/** Inputs of the track-context operations (decide, assume, learn, artifacts, share, checkpoints). */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { ASSUMPTION_ID_PATTERN, DECISION_ID_PATTERN, LIMITS, trackIdSchema } from './schema.js';

const field = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const target = () => ({ track_id: z.optional(trackIdSchema) });

export const decideInputSchema = lazySchema(() =>
  z.object({
    ...target(),
    title: field(LIMITS.shortText),
    rationale: z.optional(z.string().check(z.maxLength(LIMITS.text))),
    alternatives: z.optional(z.array(field(LIMITS.shortText)).check(z.maxLength(LIMITS.listItems))),
    supersedes: z.optional(z.string().check(z.regex(DECISION_ID_PATTERN))),
  }),
);
export type DecideInput = z.input<typeof decideInputSchema>;

export const assumeInputSchema = lazySchema(() => z.object({ ...target(), text: field(LIMITS.shortText) }));
export type AssumeInput = z.input<typeof assumeInputSchema>;

export const resolveAssumptionInputSchema = lazySchema(() =>
  z.object({
    ...target(),
    id: z.string().check(z.regex(ASSUMPTION_ID_PATTERN)),
    outcome: z.enum(['validated', 'invalidated']),
    evidence: z.optional(z.string().check(z.maxLength(LIMITS.text))),
  }),
);
export type ResolveAssumptionInput = z.input<typeof resolveAssumptionInputSchema>;

export const learnInputSchema = lazySchema(() => z.object({ ...target(), text: field(LIMITS.text) }));
export type LearnInput = z.input<typeof learnInputSchema>;

export const shareInputSchema = lazySchema(() =>
  z.object({
    from: trackIdSchema,
    to: trackIdSchema,
    decision: z.optional(z.string().check(z.regex(DECISION_ID_PATTERN))),
    assumption: z.optional(z.string().check(z.regex(ASSUMPTION_ID_PATTERN))),
    artifact: z.optional(field(200)),
  }),
);
export type ShareInput = z.input<typeof shareInputSchema>;

export const checkpointInputSchema = lazySchema(() =>
  z.object({
    ...target(),
    reason: z.optional(z.string().check(z.maxLength(LIMITS.shortText))),
    run_id: z.optional(field(LIMITS.tag)),
  }),
);
export type CheckpointInput = z.input<typeof checkpointInputSchema>;
