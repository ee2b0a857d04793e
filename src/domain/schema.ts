/**
 * The one definition of every document on disk. Runtime validation, the published
 * `track.schema.json` and the MCP tool input schemas are all derived from here.
 */
import * as z from 'zod/mini';
import { ACTION_TYPES, BACKOFFS, CHECKPOINT_FREQUENCIES, PRIORITIES, STATUSES, STEP_STATUSES, STEP_TYPES, TRACK_TYPES } from './vocab.js';

export const LIMITS = {
  name: 200,
  goal: 8_000,
  text: 20_000,
  shortText: 2_000,
  listItems: 500,
  steps: 1_000,
  history: 100_000,
  tag: 64,
} as const;

export const TRACK_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
export const STEP_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const text = (max: number) => z.string().check(z.maxLength(max));
const nonEmpty = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const list = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.maxLength(LIMITS.listItems));
const isoDate = z.iso.datetime({ offset: true });

export const trackIdSchema = z.string().check(z.regex(TRACK_ID_PATTERN));
export const stepIdSchema = z.string().check(z.regex(STEP_ID_PATTERN));
export const trackTypeSchema = z.enum(TRACK_TYPES);
export const prioritySchema = z.enum(PRIORITIES);
export const statusSchema = z.enum(STATUSES);

export const trackContextSchema = z.object({
  goal: nonEmpty(LIMITS.goal),
  success_criteria: list(nonEmpty(LIMITS.shortText)),
  target_files: list(nonEmpty(LIMITS.shortText)),
  target_directories: list(nonEmpty(LIMITS.shortText)),
  prerequisites: list(trackIdSchema),
  blocks: list(trackIdSchema),
  related_tracks: list(trackIdSchema),
});

export const stepInputSchema = z.object({
  name: nonEmpty(LIMITS.tag),
  value: z.optional(text(LIMITS.text)),
  from_step: z.optional(stepIdSchema),
  output: z.optional(nonEmpty(LIMITS.tag)),
});

export const branchSchema = z.object({
  when: nonEmpty(LIMITS.shortText),
  goto: z.optional(stepIdSchema),
  skip: z.optional(list(stepIdSchema)),
  label: z.optional(nonEmpty(LIMITS.tag)),
});

export const actionSchema = z.object({
  type: z.enum(ACTION_TYPES),
  command: z.optional(nonEmpty(LIMITS.text)),
  workflow: z.optional(nonEmpty(LIMITS.shortText)),
  agent: z.optional(nonEmpty(LIMITS.tag)),
  instructions: z.optional(text(LIMITS.text)),
  path: z.optional(nonEmpty(LIMITS.shortText)),
  inputs: z.optional(list(stepInputSchema)),
  branches: z.optional(list(branchSchema)),
  approvers: z.optional(list(nonEmpty(LIMITS.tag))),
});

export const claimSchema = z.object({
  holder: nonEmpty(LIMITS.tag),
  claimed_at: isoDate,
});

export const stepSchema = z.object({
  step_id: stepIdSchema,
  name: nonEmpty(LIMITS.name),
  description: z.optional(text(LIMITS.text)),
  type: z.enum(STEP_TYPES),
  status: z.enum(STEP_STATUSES),
  order: z.int().check(z.gte(0), z.lte(1_000_000)),
  action: actionSchema,
  depends_on: list(stepIdSchema),
  success_criteria: z.optional(list(nonEmpty(LIMITS.shortText))),
  timing: z.optional(
    z.object({
      timeout_minutes: z.optional(z.number().check(z.gt(0), z.lte(10_080))),
      estimated_minutes: z.optional(z.number().check(z.gte(0), z.lte(1_000_000))),
    }),
  ),
  retry: z.optional(
    z.object({
      max_attempts: z.int().check(z.gte(1), z.lte(100)),
      backoff: z.enum(BACKOFFS),
      delay_seconds: z.optional(z.number().check(z.gte(0), z.lte(3_600))),
    }),
  ),
  outputs: z.optional(z.record(nonEmpty(LIMITS.tag), text(LIMITS.text))),
  claim: z.optional(claimSchema),
  approved_by: z.optional(nonEmpty(LIMITS.tag)),
  attempts: z.optional(z.int().check(z.gte(0))),
  last_run_id: z.optional(nonEmpty(LIMITS.tag)),
  notes: z.optional(text(LIMITS.text)),
  started_at: z.optional(isoDate),
  completed_at: z.optional(isoDate),
});

export const executionSchema = z.object({
  checkpoint_frequency: z.enum(CHECKPOINT_FREQUENCIES),
  pause_on_failure: z.boolean(),
  auto_advance: z.boolean(),
});

export const progressSchema = z.object({
  current_step_id: z.nullable(stepIdSchema),
  completed_steps: z.int().check(z.gte(0)),
  total_steps: z.int().check(z.gte(0)),
  percentage: z.number().check(z.gte(0), z.lte(100)),
  by_status: z.record(z.enum(STEP_STATUSES), z.int().check(z.gte(0))),
});

export const historyEntrySchema = z.object({
  from: z.nullable(statusSchema),
  to: statusSchema,
  at: isoDate,
  reason: z.optional(text(LIMITS.shortText)),
});

export const trackSchema = z.object({
  schema_version: z.literal(1),
  track_id: trackIdSchema,
  name: nonEmpty(LIMITS.name),
  type: trackTypeSchema,
  priority: prioritySchema,
  status: statusSchema,
  description: z.optional(text(LIMITS.text)),
  tags: list(nonEmpty(LIMITS.tag)),
  parent_track_id: z.optional(trackIdSchema),
  context: trackContextSchema,
  steps: z.array(stepSchema).check(z.maxLength(LIMITS.steps)),
  execution: executionSchema,
  progress: progressSchema,
  status_history: z.array(historyEntrySchema).check(z.maxLength(LIMITS.history)),
  created_at: isoDate,
  updated_at: isoDate,
});

export type TrackContext = z.infer<typeof trackContextSchema>;
export type Step = z.infer<typeof stepSchema>;
export type StepAction = z.infer<typeof actionSchema>;
export type Execution = z.infer<typeof executionSchema>;
export type Progress = z.infer<typeof progressSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type Track = z.infer<typeof trackSchema>;

export const trackSummarySchema = z.object({
  track_id: trackIdSchema,
  name: nonEmpty(LIMITS.name),
  type: trackTypeSchema,
  priority: prioritySchema,
  status: statusSchema,
  parent_track_id: z.optional(trackIdSchema),
  created_at: isoDate,
  updated_at: isoDate,
});
export type TrackSummary = z.infer<typeof trackSummarySchema>;

const idList = z.array(trackIdSchema);
export const indexesSchema = z.object({
  by_type: z.record(z.string(), idList),
  by_status: z.record(z.string(), idList),
  by_priority: z.record(z.string(), idList),
});
export type Indexes = z.infer<typeof indexesSchema>;

/** A registry segment: the open tracks live in `track-registry.json`, the closed ones in a segment beside it. */
export const registrySegmentSchema = z.object({
  format: z.literal('track-registry/1'),
  segment: z.enum(['open', 'closed']),
  generation: z.int().check(z.gte(0)),
  updated_at: isoDate,
  tracks: z.record(trackIdSchema, trackSummarySchema),
  indexes: indexesSchema,
});
export type RegistrySegment = z.infer<typeof registrySegmentSchema>;

export const registrySchema = z.object({
  ...registrySegmentSchema.shape,
  active_track_id: z.nullable(trackIdSchema),
  next_sequence: z.int().check(z.gte(1)),
  closed_segment: z.object({ file: z.literal('track-registry.closed.json'), count: z.int().check(z.gte(0)) }),
});
export type Registry = z.infer<typeof registrySchema>;

/** The tiny file a read command opens first: who is active, and the store generation. */
export const headSchema = z.object({
  format: z.literal('track-head/1'),
  generation: z.int().check(z.gte(0)),
  active_track_id: z.nullable(trackIdSchema),
});
export type Head = z.infer<typeof headSchema>;

export const checkpointSchema = z.object({
  format: z.literal('track-checkpoint/1'),
  checkpoint_id: z.string().check(z.regex(/^checkpoint-\d{3,}$/)),
  track_id: trackIdSchema,
  kind: z.enum(['pause', 'manual', 'pre-step', 'switch', 'pre-restore', 'pre-compact', 'run']),
  reason: z.optional(text(LIMITS.shortText)),
  created_at: isoDate,
  track: trackSchema,
  context_files: z.record(z.string(), z.string()),
  checksum: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

// ---- issue #7: templates and bundles ----

export const TEMPLATE_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const TEMPLATE_VARIABLE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

export const templateVariableSchema = z.object({
  name: z.string().check(z.regex(TEMPLATE_VARIABLE_PATTERN)),
  description: z.optional(text(LIMITS.shortText)),
  default: z.optional(text(LIMITS.shortText)),
  required: z.optional(z.boolean()),
});

/** A reusable plan: `{{variable}}` placeholders in its texts are filled in by `template create`. */
export const templateSchema = z.object({
  format: z.literal('track-template/1'),
  name: z.string().check(z.regex(TEMPLATE_NAME_PATTERN)),
  description: text(LIMITS.shortText),
  type: trackTypeSchema,
  priority: z.optional(prioritySchema),
  variables: list(templateVariableSchema),
  goal: nonEmpty(LIMITS.goal),
  track_description: z.optional(text(LIMITS.text)),
  tags: list(nonEmpty(LIMITS.tag)),
  success_criteria: list(nonEmpty(LIMITS.shortText)),
  target_files: list(nonEmpty(LIMITS.shortText)),
  target_directories: list(nonEmpty(LIMITS.shortText)),
  steps: z.array(stepSchema).check(z.maxLength(LIMITS.steps)),
});
export type TrackTemplate = z.infer<typeof templateSchema>;

export const bundleFileSchema = z.object({
  path: z.string().check(z.minLength(1), z.maxLength(1_000)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  size: z.int().check(z.gte(0)),
  encoding: z.enum(['utf8', 'base64']),
  data: z.string(),
});

/** One portable file holding every file of one track directory, each with its sha256. */
export const bundleSchema = z.object({
  format: z.literal('track-bundle/1'),
  track_id: trackIdSchema,
  exported_at: isoDate,
  manifest_sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  files: z.array(bundleFileSchema).check(z.maxLength(100_000)),
});
export type TrackBundle = z.infer<typeof bundleSchema>;
