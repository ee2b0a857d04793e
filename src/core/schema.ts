/**
 * The one definition of every document on disk. Runtime validation, the published
 * `track.schema.json`, the compiled parsers of `document-parsers.ts` (npm run schema) and the MCP
 * tool input schemas are all derived from here. Every schema is built on first use (lazySchema).
 */

import * as z from 'zod/mini';
import {
  artifactsDocParser,
  assumptionsDocParser,
  checkpointParser,
  decisionsDocParser,
  headParser,
  learningsDocParser,
  registryParser,
  registrySegmentParser,
  runParser,
  trackParser,
} from './document-parsers.js';
import { lazySchema } from './lazy-schema.js';
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
/**
 * A checkpoint id: `checkpoint-NNN`, or `checkpoint-NNN-k3x9p` with the random tag a store shared
 * through git adds (see sequence-names.ts). The number is group 1, the tag group 2.
 */
export const CHECKPOINT_ID = /^checkpoint-(\d{3,})(?:-([2-9a-hjkmnp-z]{5}))?$/;
/** A workflow run id: `run-NNN` or `run-NNN-k3x9p` (the number is group 1, the tag group 2). */
export const RUN_ID = /^run-(\d{3,})(?:-([2-9a-hjkmnp-z]{5}))?$/;
/** A lane id: a worktree's (`wt-b-3fa2c1`) or a name given with --lane / TRACK_LANE. */
export const LANE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
/** A clone's id: six letters and digits without look-alikes, made when the clone's store first writes. */
export const CLONE_ID_LENGTH = 6;
export const CLONE_ID_PATTERN = /^[2-9a-hjkmnp-z]{6}$/;

/**
 * Schemas are immutable, so a building block used in many places is built once: constructing zod
 * schemas is most of what a read command spends in JavaScript at startup.
 */
function once<K, T>(build: (key: K) => T): (key: K) => T {
  const built = new Map<K, T>();
  return (key) => {
    let schema = built.get(key);
    if (schema === undefined) {
      schema = build(key);
      built.set(key, schema);
    }
    return schema;
  };
}

const text = once((max: number) => z.string().check(z.maxLength(max)));
const nonEmpty = once((max: number) => z.string().check(z.minLength(1), z.maxLength(max)));
const optionals = new WeakMap<z.ZodMiniType, z.ZodMiniOptional>();
/** `z.optional(schema)`, built once per schema. */
function optional<T extends z.ZodMiniType>(schema: T): z.ZodMiniOptional<T> {
  let built = optionals.get(schema) as z.ZodMiniOptional<T> | undefined;
  if (!built) {
    built = z.optional(schema);
    optionals.set(schema, built);
  }
  return built;
}
/** A merged value as JSON text: the longest field (LIMITS.text characters) fully escaped fits. */
const MERGE_VALUE_CHARS = 6 * LIMITS.text + 2;
const list = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.maxLength(LIMITS.listItems));
const isoDate = lazySchema(() => z.iso.datetime({ offset: true }));

export const trackIdSchema = lazySchema(() => z.string().check(z.regex(TRACK_ID_PATTERN)));
export const laneIdSchema = lazySchema(() => z.string().check(z.regex(LANE_ID_PATTERN)));
export const cloneIdSchema = lazySchema(() => z.string().check(z.regex(CLONE_ID_PATTERN)));
export const stepIdSchema = lazySchema(() => z.string().check(z.regex(STEP_ID_PATTERN)));
export const trackTypeSchema = lazySchema(() => z.enum(TRACK_TYPES));
export const prioritySchema = lazySchema(() => z.enum(PRIORITIES));
export const statusSchema = lazySchema(() => z.enum(STATUSES));

export const trackContextSchema = lazySchema(() =>
  z.object({
    goal: nonEmpty(LIMITS.goal),
    success_criteria: list(nonEmpty(LIMITS.shortText)),
    target_files: list(nonEmpty(LIMITS.shortText)),
    target_directories: list(nonEmpty(LIMITS.shortText)),
    prerequisites: list(trackIdSchema),
    blocks: list(trackIdSchema),
    related_tracks: list(trackIdSchema),
  }),
);

export const stepInputSchema = lazySchema(() =>
  z.object({
    name: nonEmpty(LIMITS.tag),
    value: optional(text(LIMITS.text)),
    from_step: optional(stepIdSchema),
    output: optional(nonEmpty(LIMITS.tag)),
  }),
);

export const branchSchema = lazySchema(() =>
  z.object({
    when: nonEmpty(LIMITS.shortText),
    goto: optional(stepIdSchema),
    skip: optional(list(stepIdSchema)),
    label: optional(nonEmpty(LIMITS.tag)),
  }),
);

/** One entry of a workflow: a command run in the project, or a task handed to an agent. */
export const workflowTaskSchema = lazySchema(() =>
  z.object({
    name: nonEmpty(LIMITS.name),
    command: optional(nonEmpty(LIMITS.text)),
    agent: optional(nonEmpty(LIMITS.tag)),
    instructions: optional(text(LIMITS.text)),
  }),
);

export const actionSchema = lazySchema(() =>
  z.object({
    type: z.enum(ACTION_TYPES),
    command: optional(nonEmpty(LIMITS.text)),
    workflow: optional(nonEmpty(LIMITS.shortText)),
    agent: optional(nonEmpty(LIMITS.tag)),
    instructions: optional(text(LIMITS.text)),
    path: optional(nonEmpty(LIMITS.shortText)),
    inputs: optional(list(stepInputSchema)),
    branches: optional(list(branchSchema)),
    approvers: optional(list(nonEmpty(LIMITS.tag))),
    /** An inline workflow (a run-workflow step whose definition lives in the plan). */
    tasks: optional(list(workflowTaskSchema)),
  }),
);

export const claimSchema = lazySchema(() =>
  z.object({
    holder: nonEmpty(LIMITS.tag),
    claimed_at: isoDate,
  }),
);

export const stepSchema = lazySchema(() =>
  z.object({
    step_id: stepIdSchema,
    name: nonEmpty(LIMITS.name),
    description: optional(text(LIMITS.text)),
    type: z.enum(STEP_TYPES),
    status: z.enum(STEP_STATUSES),
    order: z.int().check(z.gte(0), z.lte(1_000_000)),
    action: actionSchema,
    depends_on: list(stepIdSchema),
    success_criteria: optional(list(nonEmpty(LIMITS.shortText))),
    timing: optional(
      z.object({
        timeout_minutes: optional(z.number().check(z.gt(0), z.lte(10_080))),
        estimated_minutes: optional(z.number().check(z.gte(0), z.lte(1_000_000))),
      }),
    ),
    retry: optional(
      z.object({
        max_attempts: z.int().check(z.gte(1), z.lte(100)),
        backoff: z.enum(BACKOFFS),
        delay_seconds: optional(z.number().check(z.gte(0), z.lte(3_600))),
      }),
    ),
    outputs: optional(z.record(nonEmpty(LIMITS.tag), text(LIMITS.text))),
    claim: optional(claimSchema),
    approved_by: optional(nonEmpty(LIMITS.tag)),
    attempts: optional(z.int().check(z.gte(0))),
    last_run_id: optional(nonEmpty(LIMITS.tag)),
    notes: optional(text(LIMITS.text)),
    started_at: optional(isoDate),
    completed_at: optional(isoDate),
  }),
);

export const executionSchema = lazySchema(() =>
  z.object({
    checkpoint_frequency: z.enum(CHECKPOINT_FREQUENCIES),
    pause_on_failure: z.boolean(),
    auto_advance: z.boolean(),
    /** A step that fails (after its retries) fails the whole track. Off (absent) by default: the track stays active with the step failed. */
    fail_track_on_failure: optional(z.boolean()),
  }),
);

export const progressSchema = lazySchema(() =>
  z.object({
    current_step_id: z.nullable(stepIdSchema),
    completed_steps: z.int().check(z.gte(0)),
    total_steps: z.int().check(z.gte(0)),
    percentage: z.number().check(z.gte(0), z.lte(100)),
    by_status: z.record(z.enum(STEP_STATUSES), z.int().check(z.gte(0))),
  }),
);

export const historyEntrySchema = lazySchema(() =>
  z.object({
    from: z.nullable(statusSchema),
    to: statusSchema,
    at: isoDate,
    reason: optional(text(LIMITS.shortText)),
  }),
);

/**
 * A value the merge driver had to choose (`track merge-driver`): the same field changed differently
 * on two branches. `kept` and `lost` are the two values as canonical JSON (absent: the field was removed).
 */
export const mergeRecordSchema = lazySchema(() =>
  z.object({
    field: nonEmpty(LIMITS.shortText),
    kept: optional(text(MERGE_VALUE_CHARS)),
    lost: optional(text(MERGE_VALUE_CHARS)),
    at: isoDate,
  }),
);
const mergeRecords = lazySchema(() => z.array(mergeRecordSchema).check(z.maxLength(LIMITS.history)));

export const trackSchema = lazySchema(
  () =>
    z.object({
      schema_version: z.literal(1),
      track_id: trackIdSchema,
      name: nonEmpty(LIMITS.name),
      type: trackTypeSchema,
      priority: prioritySchema,
      status: statusSchema,
      description: optional(text(LIMITS.text)),
      tags: list(nonEmpty(LIMITS.tag)),
      parent_track_id: optional(trackIdSchema),
      /** The lane that holds it while active, or that paused it; absent for the default lane. */
      lane: optional(laneIdSchema),
      /** In a store shared through git: the clone whose lane holds it while active, or that paused it. */
      clone: optional(cloneIdSchema),
      context: trackContextSchema,
      steps: z.array(stepSchema).check(z.maxLength(LIMITS.steps)),
      execution: executionSchema,
      progress: progressSchema,
      status_history: z.array(historyEntrySchema).check(z.maxLength(LIMITS.history)),
      /** Values lost to a merge of two branches (present once a merge had to choose). */
      merge_history: optional(mergeRecords),
      created_at: isoDate,
      updated_at: isoDate,
    }),
  trackParser,
);

export type TrackContext = z.infer<typeof trackContextSchema>;
export type Step = z.infer<typeof stepSchema>;
export type StepAction = z.infer<typeof actionSchema>;
export type Execution = z.infer<typeof executionSchema>;
export type Progress = z.infer<typeof progressSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type MergeRecord = z.infer<typeof mergeRecordSchema>;
export type Track = z.infer<typeof trackSchema>;

export const trackSummarySchema = lazySchema(() =>
  z.object({
    track_id: trackIdSchema,
    name: nonEmpty(LIMITS.name),
    type: trackTypeSchema,
    priority: prioritySchema,
    status: statusSchema,
    parent_track_id: optional(trackIdSchema),
    lane: optional(laneIdSchema),
    clone: optional(cloneIdSchema),
    /** The tracks this one blocks (only when there are any), so activation checks need not open every track. */
    blocks: optional(z.array(trackIdSchema).check(z.maxLength(LIMITS.listItems))),
    created_at: isoDate,
    updated_at: isoDate,
  }),
);
export type TrackSummary = z.infer<typeof trackSummarySchema>;

const idList = lazySchema(() => z.array(trackIdSchema));
export const indexesSchema = lazySchema(() =>
  z.object({
    by_type: z.record(z.string(), idList),
    by_status: z.record(z.string(), idList),
    by_priority: z.record(z.string(), idList),
  }),
);
export type Indexes = z.infer<typeof indexesSchema>;

/** A registry segment: the open tracks live in `track-registry.json`, the closed ones in a segment beside it. */
export const registrySegmentSchema = lazySchema(
  () =>
    z.object({
      format: z.literal('track-registry/1'),
      segment: z.enum(['open', 'closed']),
      generation: z.int().check(z.gte(0)),
      updated_at: isoDate,
      tracks: z.record(trackIdSchema, trackSummarySchema),
      indexes: indexesSchema,
    }),
  registrySegmentParser,
);
export type RegistrySegment = z.infer<typeof registrySegmentSchema>;

/** A lane other than the default one: its active track, the checkout it last acted from, and when. */
export const laneRecordSchema = lazySchema(() =>
  z.object({
    active_track_id: z.nullable(trackIdSchema),
    worktree: z.nullable(text(4096)),
    last_activity: isoDate,
  }),
);
export type LaneRecord = z.infer<typeof laneRecordSchema>;
const laneRecords = lazySchema(() => z.record(laneIdSchema, laneRecordSchema));

/** What the registry and the head know of this clone, in a store inside a git checkout. */
const localIdentity = () => ({
  /** This clone's id: the tracks its lanes hold carry it. */
  clone: optional(cloneIdSchema),
  /** The git index (inode, size, modification time) when the registry was last checked against the track files. */
  git_index: optional(text(100)),
});

export const registrySchema = lazySchema(
  () =>
    z.object({
      ...registrySegmentSchema.shape,
      /** The default lane's active track. */
      active_track_id: z.nullable(trackIdSchema),
      /** Every other lane, by id (absent while there is none). */
      lanes: optional(laneRecords),
      next_sequence: z.int().check(z.gte(1)),
      ...localIdentity(),
      closed_segment: z.object({ file: z.literal('track-registry.closed.json'), count: z.int().check(z.gte(0)) }),
    }),
  registryParser,
);
export type Registry = z.infer<typeof registrySchema>;

/** The tiny file a read command opens first: who is active, and the store generation. */
export const headSchema = lazySchema(
  () =>
    z.object({
      format: z.literal('track-head/1'),
      generation: z.int().check(z.gte(0)),
      active_track_id: z.nullable(trackIdSchema),
      lanes: optional(laneRecords),
      ...localIdentity(),
    }),
  headParser,
);
export type Head = z.infer<typeof headSchema>;

export const checkpointSchema = lazySchema(
  () =>
    z.object({
      format: z.literal('track-checkpoint/1'),
      checkpoint_id: z.string().check(z.regex(CHECKPOINT_ID)),
      track_id: trackIdSchema,
      kind: z.enum(['pause', 'manual', 'pre-step', 'switch', 'pre-restore', 'pre-compact', 'run']),
      reason: optional(text(LIMITS.shortText)),
      created_at: isoDate,
      track: trackSchema,
      /** Context documents inline (checkpoints written before content addressing; still restored). */
      context_files: z.record(z.string(), z.string()),
      /** Context documents by content: name → object in `<track>/objects/`, stored once however many checkpoints share it. */
      context_objects: optional(z.record(z.string(), objectRefSchema)),
      /** Artifacts as they stood: their bytes live once, content-addressed, in `<track>/objects/`. */
      artifacts: optional(z.array(artifactEntrySchema)),
      /** Raw `workflows/run-NNN/run.json` text, keyed by run directory. */
      runs: optional(z.record(z.string(), z.string())),
      git: optional(z.nullable(gitStateSchema)),
      run_id: optional(nonEmpty(LIMITS.tag)),
      checksum: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
    }),
  checkpointParser,
);
export type Checkpoint = z.infer<typeof checkpointSchema>;

// ---- Track-scoped context (issue #4) ----

/** Where a bridged item came from (`track context share`). */
export const provenanceSchema = lazySchema(() =>
  z.object({
    from_track: trackIdSchema,
    item_id: nonEmpty(LIMITS.name),
    shared_at: isoDate,
  }),
);
export type Provenance = z.infer<typeof provenanceSchema>;

/** `dec-NNN` or `dec-NNN-k3x9p` (likewise `asm-`, `lrn-`): the number is group 1, the tag group 2. */
export const DECISION_ID_PATTERN = /^dec-(\d{3,})(?:-([2-9a-hjkmnp-z]{5}))?$/;
export const ASSUMPTION_ID_PATTERN = /^asm-(\d{3,})(?:-([2-9a-hjkmnp-z]{5}))?$/;
export const LEARNING_ID_PATTERN = /^lrn-(\d{3,})(?:-([2-9a-hjkmnp-z]{5}))?$/;
export const ARTIFACT_NAME_PATTERN = /^[^/\\\u0000-\u001f]{1,200}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const CONTEXT_ITEMS = 100_000;

export const decisionSchema = lazySchema(() =>
  z.object({
    id: z.string().check(z.regex(DECISION_ID_PATTERN)),
    title: nonEmpty(LIMITS.shortText),
    rationale: optional(text(LIMITS.text)),
    alternatives: list(nonEmpty(LIMITS.shortText)),
    status: z.enum(['active', 'superseded']),
    supersedes: optional(z.string().check(z.regex(DECISION_ID_PATTERN))),
    superseded_by: optional(z.string().check(z.regex(DECISION_ID_PATTERN))),
    created_at: isoDate,
    provenance: optional(provenanceSchema),
  }),
);
export type Decision = z.infer<typeof decisionSchema>;

export const assumptionSchema = lazySchema(() =>
  z.object({
    id: z.string().check(z.regex(ASSUMPTION_ID_PATTERN)),
    text: nonEmpty(LIMITS.shortText),
    status: z.enum(['open', 'validated', 'invalidated']),
    evidence: optional(text(LIMITS.text)),
    created_at: isoDate,
    resolved_at: optional(isoDate),
    provenance: optional(provenanceSchema),
  }),
);
export type Assumption = z.infer<typeof assumptionSchema>;

export const learningSchema = lazySchema(() =>
  z.object({
    id: z.string().check(z.regex(LEARNING_ID_PATTERN)),
    text: nonEmpty(LIMITS.text),
    created_at: isoDate,
  }),
);
export type Learning = z.infer<typeof learningSchema>;

export const artifactEntrySchema = lazySchema(() =>
  z.object({
    name: z.string().check(z.regex(ARTIFACT_NAME_PATTERN)),
    sha256: z.string().check(z.regex(SHA256_PATTERN)),
    size: z.int().check(z.gte(0)),
    source: optional(text(LIMITS.shortText)),
    added_at: isoDate,
    provenance: optional(provenanceSchema),
  }),
);
export type ArtifactEntry = z.infer<typeof artifactEntrySchema>;

export const objectRefSchema = lazySchema(() => z.object({ sha256: z.string().check(z.regex(SHA256_PATTERN)), size: z.int().check(z.gte(0)) }));
export type ObjectRef = z.infer<typeof objectRefSchema>;

const itemList = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.maxLength(CONTEXT_ITEMS));
export const decisionsDocSchema = lazySchema(
  () => z.object({ format: z.literal('track-decisions/1'), items: itemList(decisionSchema), merge_history: optional(mergeRecords) }),
  decisionsDocParser,
);
export const assumptionsDocSchema = lazySchema(
  () => z.object({ format: z.literal('track-assumptions/1'), items: itemList(assumptionSchema), merge_history: optional(mergeRecords) }),
  assumptionsDocParser,
);
export const learningsDocSchema = lazySchema(
  () => z.object({ format: z.literal('track-learnings/1'), items: itemList(learningSchema), merge_history: optional(mergeRecords) }),
  learningsDocParser,
);
export const artifactsDocSchema = lazySchema(
  () => z.object({ format: z.literal('track-artifacts/1'), items: itemList(artifactEntrySchema), merge_history: optional(mergeRecords) }),
  artifactsDocParser,
);
export type DecisionsDoc = z.infer<typeof decisionsDocSchema>;
export type AssumptionsDoc = z.infer<typeof assumptionsDocSchema>;
export type LearningsDoc = z.infer<typeof learningsDocSchema>;
export type ArtifactsDoc = z.infer<typeof artifactsDocSchema>;

/** The project's git state when a checkpoint was written. */
export const gitStateSchema = lazySchema(() =>
  z.object({
    head: z.nullable(z.string().check(z.regex(/^[0-9a-f]{40,64}$/))),
    branch: z.nullable(text(LIMITS.name)),
    dirty: z.array(text(LIMITS.shortText)).check(z.maxLength(LIMITS.listItems)),
    dirty_truncated: optional(z.boolean()),
    /** The linked worktree it was read in (absent for the main checkout). */
    worktree: optional(text(4096)),
  }),
);
export type GitState = z.infer<typeof gitStateSchema>;

// ---- plans and runs (issue #3) ----

export type WorkflowTask = z.infer<typeof workflowTaskSchema>;

/** A workflow definition file (`workflows/<name>.yaml|json` beside the tracks root) or a plan's inline entry. */
export const workflowDefinitionSchema = lazySchema(() =>
  z.object({
    name: optional(nonEmpty(LIMITS.name)),
    description: optional(text(LIMITS.text)),
    tasks: z.array(workflowTaskSchema).check(z.minLength(1), z.maxLength(LIMITS.listItems)),
  }),
);
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

/** A step as a plan file writes it: status, order and depends_on may be left out. */
export const planStepSchema = lazySchema(() =>
  z.object({
    ...stepSchema.shape,
    step_id: optional(stepIdSchema),
    status: optional(z.enum(STEP_STATUSES)),
    order: optional(z.int().check(z.gte(0), z.lte(1_000_000))),
    depends_on: optional(list(stepIdSchema)),
  }),
);
export type PlanStep = z.infer<typeof planStepSchema>;

export const planFileSchema = lazySchema(() =>
  z.object({
    steps: z.array(planStepSchema).check(z.maxLength(LIMITS.steps)),
    workflows: optional(z.record(nonEmpty(LIMITS.tag), workflowDefinitionSchema)),
    execution: optional(z.partial(executionSchema)),
  }),
);
export type PlanFile = z.infer<typeof planFileSchema>;

export const RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'timed-out', 'interrupted', 'created'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const processOwnerSchema = lazySchema(() =>
  z.object({
    pid: z.int().check(z.gte(1)),
    host: nonEmpty(LIMITS.tag * 4),
    boot_id: z.nullable(z.string().check(z.maxLength(LIMITS.tag))),
    start_time: z.nullable(z.string().check(z.maxLength(LIMITS.tag))),
  }),
);

/** `workflows/run-NNN/command.json`: the process (and process group leader) of the command a run is executing. */
export const commandProcessSchema = lazySchema(() =>
  z.object({
    ...processOwnerSchema.shape,
    attempt: z.int().check(z.gte(1)),
    task: optional(nonEmpty(LIMITS.name)),
    started_at: isoDate,
  }),
);
export type CommandProcess = z.infer<typeof commandProcessSchema>;

/** `workflows/run-NNN/command-exit.json`: how that command ended, written by its own wrapper shell (see exec/command.ts). */
export const commandExitSchema = lazySchema(() =>
  z.object({
    pid: z.int().check(z.gte(1)),
    exit_code: z.int().check(z.gte(0), z.lte(255)),
  }),
);
export type CommandExit = z.infer<typeof commandExitSchema>;

export const runAttemptSchema = lazySchema(() =>
  z.object({
    attempt: z.int().check(z.gte(1)),
    task: optional(nonEmpty(LIMITS.name)),
    started_at: isoDate,
    ended_at: optional(isoDate),
    exit_code: z.nullable(z.int()),
    signal: optional(nonEmpty(LIMITS.tag)),
    timed_out: optional(z.boolean()),
    duration_ms: optional(z.number().check(z.gte(0))),
  }),
);
export type RunAttempt = z.infer<typeof runAttemptSchema>;

export const runTaskRecordSchema = lazySchema(() =>
  z.object({
    index: z.int().check(z.gte(0)),
    name: nonEmpty(LIMITS.name),
    kind: z.enum(['command', 'agent']),
    status: z.enum(['pending', 'running', 'succeeded', 'failed', 'timed-out', 'handed-off', 'completed']),
    exit_code: optional(z.nullable(z.int())),
    holder: optional(nonEmpty(LIMITS.tag)),
    agent: optional(nonEmpty(LIMITS.tag)),
    instructions: optional(text(LIMITS.text)),
  }),
);
export type RunTaskRecord = z.infer<typeof runTaskRecordSchema>;

/** `workflows/run-NNN/run.json`: one execution of a step (or a run created through the library). */
export const runSchema = lazySchema(
  () =>
    z.object({
      format: z.literal('track-run/1'),
      run_id: z.string().check(z.regex(RUN_ID)),
      track_id: trackIdSchema,
      workflow_id: nonEmpty(LIMITS.shortText),
      selected_workflow: optional(nonEmpty(LIMITS.shortText)),
      step_id: optional(stepIdSchema),
      action_type: optional(z.enum(ACTION_TYPES)),
      command: optional(nonEmpty(LIMITS.text)),
      status: z.enum(RUN_STATUSES),
      started_at: isoDate,
      ended_at: optional(isoDate),
      owner: optional(processOwnerSchema),
      attempts: z.array(runAttemptSchema).check(z.maxLength(LIMITS.listItems)),
      tasks: optional(z.array(runTaskRecordSchema).check(z.maxLength(LIMITS.listItems))),
      next_task: optional(z.int().check(z.gte(0))),
      outputs: z.record(nonEmpty(LIMITS.tag), text(LIMITS.text)),
      branch: optional(z.object({ index: z.int().check(z.gte(0)), when: nonEmpty(LIMITS.shortText), label: optional(nonEmpty(LIMITS.tag)) })),
      error: optional(text(LIMITS.shortText)),
      /** The command's process group, left running by a `next` that died, stopped by the `next` that recovered the run. */
      stopped_command: optional(
        z.object({
          pid: z.int().check(z.gte(1)),
          start_time: z.nullable(z.string().check(z.maxLength(LIMITS.tag))),
          signal: z.enum(['SIGTERM', 'SIGKILL']),
          at: isoDate,
        }),
      ),
      logs: z.array(nonEmpty(LIMITS.tag)).check(z.maxLength(16)),
    }),
  runParser,
);
export type Run = z.infer<typeof runSchema>;

// ---- issue #7: templates and bundles ----

export const TEMPLATE_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const TEMPLATE_VARIABLE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

export const templateVariableSchema = lazySchema(() =>
  z.object({
    name: z.string().check(z.regex(TEMPLATE_VARIABLE_PATTERN)),
    description: optional(text(LIMITS.shortText)),
    default: optional(text(LIMITS.shortText)),
    required: optional(z.boolean()),
  }),
);

/** A reusable plan: `{{variable}}` placeholders in its texts are filled in by `template create`. */
export const templateSchema = lazySchema(() =>
  z.object({
    format: z.literal('track-template/1'),
    name: z.string().check(z.regex(TEMPLATE_NAME_PATTERN)),
    description: text(LIMITS.shortText),
    type: trackTypeSchema,
    priority: optional(prioritySchema),
    variables: list(templateVariableSchema),
    goal: nonEmpty(LIMITS.goal),
    track_description: optional(text(LIMITS.text)),
    tags: list(nonEmpty(LIMITS.tag)),
    success_criteria: list(nonEmpty(LIMITS.shortText)),
    target_files: list(nonEmpty(LIMITS.shortText)),
    target_directories: list(nonEmpty(LIMITS.shortText)),
    steps: z.array(stepSchema).check(z.maxLength(LIMITS.steps)),
  }),
);
export type TrackTemplate = z.infer<typeof templateSchema>;

export const bundleFileSchema = lazySchema(() =>
  z.object({
    path: z.string().check(z.minLength(1), z.maxLength(1_000)),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    size: z.int().check(z.gte(0)),
    encoding: z.enum(['utf8', 'base64']),
    data: z.string(),
  }),
);

/** One portable file holding every file of one track directory, each with its sha256. */
export const bundleSchema = lazySchema(() =>
  z.object({
    format: z.literal('track-bundle/1'),
    track_id: trackIdSchema,
    exported_at: isoDate,
    manifest_sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    files: z.array(bundleFileSchema).check(z.maxLength(100_000)),
  }),
);
export type TrackBundle = z.infer<typeof bundleSchema>;
