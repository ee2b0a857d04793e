/**
 * track-manager library API. Every function takes a store (see `openStore`) and runs as one
 * transaction or one consistent read; errors are the typed classes exported below.
 */
import { FileStore, type OpenOptions } from './store/file-store.js';

export * from './domain/errors.js';
export type { CreateInput } from './domain/inputs.js';
export { trackJsonSchema } from './domain/json-schema.js';
export { canTransition, legalMoves, TRANSITIONS } from './domain/lifecycle.js';
export type { Checkpoint, HistoryEntry, Registry, Step, Track, TrackContext, TrackSummary } from './domain/schema.js';
export { checkpointSchema, registrySchema, stepSchema, trackSchema } from './domain/schema.js';
export * from './domain/vocab.js';
export {
  activateTrack,
  archiveTrack,
  cancelTrack,
  completeTrack,
  createTrack,
  failTrack,
  pauseTrack,
  readyTrack,
  resumeTrack,
  setStatus,
  switchTrack,
  type TrackStore,
  type TransitionResult,
} from './service/lifecycle.js';
export { type ListFilter, listTracks, showTrack, trackHistory } from './service/queries.js';
export { UPDATABLE_FIELDS, updateTrack } from './service/update.js';
export { FileStore, type OpenOptions };

import type { Track } from './domain/schema.js';
import { getActiveTrack as activeIn } from './service/queries.js';

/** Opens the tracks root found from `cwd` upwards (or the one given). */
export function openStore(options: OpenOptions = {}): FileStore {
  return FileStore.open(options);
}

/** Creates the tracks root if needed and opens it. */
export function initStore(options: OpenOptions = {}): FileStore {
  return FileStore.init(options).store;
}

/** The active track of the store (by default the one found from the current directory), or null. */
export function getActiveTrack(store: FileStore = FileStore.open()): Promise<Track | null> {
  return activeIn(store);
}

// --- agents (issue #5): session primer, Claude Code setup edits, the MCP tool table.
// The MCP server itself is `track-manager/mcp` (a separate entry, so the library never loads the SDK).
export { addHooks, addMcpServer, MCP_SERVER_NAME, OUR_HOOKS, OUR_MCP_SERVER, removeHooks, removeMcpServer } from './agents/claude-config.js';
export { checkpointBeforeCompact } from './agents/pre-compact.js';
export { DEFAULT_PRIMER_BUDGET, type SessionPrimerOptions, sessionPrimer } from './agents/session-primer.js';
// ---- Track-scoped context, checkpoints and resuming (issue #4) ----
export type { AssumeInput, CheckpointInput, DecideInput, LearnInput, ResolveAssumptionInput, ShareInput } from './domain/context-inputs.js';
export type { ArtifactEntry, Assumption, Decision, GitState, Learning, Provenance } from './domain/schema.js';
export { artifactEntrySchema, assumptionSchema, decisionSchema, gitStateSchema, learningSchema } from './domain/schema.js';
export { defineTool, type ToolContext, type ToolProgress, type ToolSet, type TrackTool } from './mcp/tool.js';
export { TOOLS, toolsFor } from './mcp/tools.js';
export { type AddArtifactInput, type AddArtifactResult, addArtifact, getArtifact, listArtifacts, showArtifact } from './service/artifacts.js';
export {
  type CheckpointSummary,
  createCheckpoint,
  listCheckpoints,
  type RestoreInput,
  type RestoreResult,
  restoreCheckpoint,
  type VerifyInput,
  type VerifyResult,
  verifyCheckpoints,
} from './service/checkpoint-ops.js';
export {
  assume,
  type ContextList,
  decide,
  learn,
  listAssumptions,
  listDecisions,
  listLearnings,
  resolveAssumption,
  type TrackTarget,
} from './service/context-items.js';
export type { Face } from './service/face-commands.js';
export { type GitChanges, gitChangesSince, readGitState } from './service/git-state.js';
export { executeWithinTrack, type SnapshotOptions } from './service/orchestrator.js';
export { type PausedTrack, pausedTracks } from './service/paused.js';
export { buildPrimer, type DoneStep, type Primer, type PrimerClaim, type PrimerFormat, type PrimerOptions, renderContext } from './service/primer.js';
export { buildIdlePrimer, type IdlePrimer } from './service/primer-idle.js';
export { type SharedItem, type ShareResult, shareContext } from './service/share.js';
export { type ContextView, contextView, type TrackContextInput, trackContext, trackPrimer } from './service/track-context.js';

import type { Checkpoint } from './domain/schema.js';
import { type SnapshotOptions, createSnapshot as snapshotIn } from './service/orchestrator.js';

/** The spec's `createSnapshot({ type: 'checkpoint', runId, description })`: a checkpoint of the bound or active track. */
export function createSnapshot(options: SnapshotOptions, store: FileStore = FileStore.open()): Promise<Checkpoint> {
  return snapshotIn(store, options);
}

// ---- plans that execute: steps, next/step, workflow runs (issue #3) ----
import type { Run } from './domain/schema.js';
import { type CreateRunOptions, createRun } from './service/runs.js';

export { findCycle, runnableSteps, validatePlan } from './domain/plan.js';
export { evaluateCondition } from './domain/plan-condition.js';
export type { Handoff, ResolvedInput } from './domain/plan-handoff.js';
export type { PlanFile, Run, WorkflowDefinition } from './domain/schema.js';
export { planFileSchema, runSchema, workflowDefinitionSchema } from './domain/schema.js';
export type { CommandObserver } from './exec/command.js';
export { AGENT_ENV, agentName } from './service/agent-name.js';
export { type NextOptions, nextStep } from './service/next.js';
export { addStep, editStep, loadPlanFile, moveStepTo, type PlanResult, removeStep, type StepFields, setPlan } from './service/plan.js';
export { type CreateRunOptions, listRuns, type TrackStatusView, trackStatus } from './service/runs.js';
export { type CloseAction, type CloseOptions, type CloseResult, closeStep } from './service/step-close.js';
export type { NextKind, NextResult } from './service/step-start.js';

/**
 * The spec's Integration Points: creates `workflows/run-NNN/run.json` in the track (status
 * 'created'; `workflowId` defaults to the track id). `store` is the last, optional parameter;
 * by default the tracks root is found from the current directory.
 */
export function createRunForTrack(trackId: string, runId?: string, options: CreateRunOptions = {}, store: FileStore = FileStore.open()): Promise<Run> {
  return createRun(store, trackId, runId, options);
}

// ---- issue #7: templates, sub-tracks, dependencies, conflicts, analytics, import/export ----
export { globOverlap } from './domain/glob-overlap.js';
export type { TrackBundle, TrackTemplate } from './domain/schema.js';
export { bundleSchema, templateSchema } from './domain/schema.js';
export { computeStats, type StatsReport } from './domain/stats.js';
export { BUILTIN_TEMPLATES } from './domain/template-builtins.js';
export { exportTrack, writeBundleFile } from './service/bundle.js';
export { type ImportOptions, type ImportResult, importTrack, readBundleFile, verifyBundle } from './service/bundle-import.js';
export { findConflicts, type TrackConflict } from './service/conflicts.js';
export { assertNoDependencyCycle, assertPrerequisitesMet, unmetPrerequisites } from './service/dependencies.js';
// Store health (issue #6): `track doctor` as a library call.
export { type DoctorReport, diagnose, doctor } from './service/doctor.js';
export type { Check, Problem, Repair } from './service/doctor-checks.js';
export { type AggregateProgress, aggregateProgress, cancelTrackTree } from './service/hierarchy.js';
export type { ActivateOptions } from './service/lifecycle.js';
export { type StatsOptions, trackStats } from './service/stats.js';
export { createFromTemplate, getTemplate, listTemplates, saveTemplate, type TemplateEntry, templatesDir } from './service/templates.js';
