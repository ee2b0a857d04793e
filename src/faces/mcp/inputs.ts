/** Argument schemas of the MCP tools, composed from the domain schemas the services validate with. */

import * as z from 'zod/mini';
import { assumeInputSchema, checkpointInputSchema, decideInputSchema, learnInputSchema, resolveAssumptionInputSchema } from '../../core/context-inputs.js';
import { createInputSchema, primerBudgetSchema, reasonSchema } from '../../core/inputs.js';
import {
  ARTIFACT_NAME_PATTERN,
  actionSchema,
  CHECKPOINT_ID,
  LIMITS,
  prioritySchema,
  RUN_ID,
  statusSchema,
  stepIdSchema,
  stepSchema,
  TEMPLATE_NAME_PATTERN,
  TEMPLATE_VARIABLE_PATTERN,
  trackIdSchema,
  trackTypeSchema,
} from '../../core/schema.js';
import { LOG_STREAMS, MAX_LOG_BYTES } from '../../features/plan/run-logs.js';
import { UPDATABLE_FIELDS } from '../../features/tracks/update.js';

export { createInputSchema };

export const noInput = z.object({});

export const trackRefInput = z.object({ track_id: z.optional(trackIdSchema) });

export const moveInput = z.object({ track_id: z.optional(trackIdSchema), reason: reasonSchema });

/** Start although prerequisites are unfinished; the override is recorded in the history. */
const force = z.optional(z.boolean());
const take_over = z.optional(z.boolean());
export const activateInput = z.object({ track_id: z.optional(trackIdSchema), reason: reasonSchema, force, take_over });
export const switchInput = z.object({ to: trackIdSchema, reason: reasonSchema, force, take_over });
export const completeInput = z.object({ track_id: z.optional(trackIdSchema), reason: reasonSchema, force });
/** Cancel every open sub-track first (else open sub-tracks refuse the cancel). */
export const cancelInput = z.object({ track_id: z.optional(trackIdSchema), reason: reasonSchema, cascade: z.optional(z.boolean()) });

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
  budget: z.optional(primerBudgetSchema),
});

// Plans (issue #3): fields of the step and action schemas the plan services validate with.
const stepField = stepSchema.shape;
const actionField = actionSchema.shape;
const track_id = z.optional(trackIdSchema);
const timing = stepField.timing.def.innerType.shape;
const retry = stepField.retry.def.innerType.shape;

export const nextInput = z.object({
  track_id,
  step_id: z.optional(stepIdSchema),
  agent: actionField.agent,
  dry_run: z.optional(z.boolean()),
});

export const runLogsInput = z.object({
  track_id,
  run_id: z.optional(z.string().check(z.regex(RUN_ID))),
  step_id: z.optional(stepIdSchema),
  stream: z.optional(z.enum(LOG_STREAMS)),
  max_bytes: z.optional(z.int().check(z.gte(1), z.lte(MAX_LOG_BYTES))),
});

export const stepCloseInput = z.object({ track_id, step_id: stepIdSchema, agent: actionField.agent, notes: stepField.notes });

export const stepCompleteInput = z.extend(stepCloseInput, { outputs: stepField.outputs });

export const stepAddInput = z.object({
  track_id,
  step_id: z.optional(stepIdSchema),
  name: stepField.name,
  type: z.optional(stepField.type),
  action_type: actionField.type,
  command: actionField.command,
  workflow: actionField.workflow,
  instructions: actionField.instructions,
  agent: actionField.agent,
  approvers: actionField.approvers,
  description: stepField.description,
  path: actionField.path,
  depends_on: z.optional(stepField.depends_on),
  success_criteria: stepField.success_criteria,
  timeout_minutes: timing.timeout_minutes,
  max_attempts: z.optional(retry.max_attempts),
  backoff: z.optional(retry.backoff),
  delay_seconds: retry.delay_seconds,
});

// Context (issue #4): the domain's context input schemas, with `track_id` as everywhere else in the tools.
export const decideInput = z.extend(z.omit(decideInputSchema, { track_id: true }), { track_id });
export const assumeInput = z.extend(z.omit(assumeInputSchema, { track_id: true }), { track_id });
export const resolveAssumptionInput = z.extend(z.omit(resolveAssumptionInputSchema, { track_id: true }), { track_id });
export const learnInput = z.extend(z.omit(learnInputSchema, { track_id: true }), { track_id });
export const checkpointInput = z.extend(z.omit(checkpointInputSchema, { track_id: true, run_id: true }), { track_id });

const checkpointId = z.string().check(z.regex(CHECKPOINT_ID));
export const checkpointVerifyInput = z.object({ track_id, checkpoint_id: z.optional(checkpointId), all: z.optional(z.boolean()) });
export const restoreInput = z.object({ track_id, checkpoint_id: checkpointId });

export const artifactAddInput = z.object({
  track_id,
  file: z.string().check(z.minLength(1), z.maxLength(LIMITS.shortText)),
  name: z.optional(z.string().check(z.regex(ARTIFACT_NAME_PATTERN))),
});

// Enhancements (issue #7).
export const templateCreateInput = z.object({
  template: z.string().check(z.regex(TEMPLATE_NAME_PATTERN)),
  name: createInputSchema.shape.name,
  goal: z.optional(createInputSchema.shape.goal),
  priority: z.optional(prioritySchema),
  parent: z.optional(trackIdSchema),
  id: z.optional(trackIdSchema),
  vars: z.optional(z.record(z.string().check(z.regex(TEMPLATE_VARIABLE_PATTERN)), z.string().check(z.maxLength(LIMITS.text)))),
});

export const statsInput = z.object({
  since: z.optional(z.string().check(z.maxLength(40))),
  type: z.optional(z.array(trackTypeSchema)),
});
