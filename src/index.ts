/**
 * track-manager library API. Every function takes a store (see `openStore`) and runs as one
 * transaction or one consistent read; errors are the typed classes exported below.
 */
import { FileStore, type OpenOptions } from './store/file/file-store.js';

export * from './core/errors.js';
export type { CreateInput } from './core/inputs.js';
export { trackJsonSchema } from './core/json-schema.js';
export { canTransition, legalMoves, TRANSITIONS } from './core/lifecycle.js';
export type { Checkpoint, HistoryEntry, Registry, Step, Track, TrackContext, TrackSummary } from './core/schema.js';
export { checkpointSchema, registrySchema, stepSchema, trackSchema } from './core/schema.js';
export * from './core/vocab.js';
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
  type TransitionResult,
} from './features/tracks/lifecycle.js';
export { type ListFilter, listTracks, showTrack, trackHistory } from './features/tracks/queries.js';
export { UPDATABLE_FIELDS, updateTrack } from './features/tracks/update.js';
export type { CheckpointBody, LogTail, RunLog, RunOutput, StorePort, StoreReader, StoreTx, TrackFile, TransactionOptions } from './store/port.js';
export { FileStore, type OpenOptions };

import type { Track } from './core/schema.js';
import { getActiveTrack as activeIn } from './features/tracks/queries.js';

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

// ---- Track-scoped context, checkpoints and resuming (issue #4) ----
export type { AssumeInput, CheckpointInput, DecideInput, LearnInput, ResolveAssumptionInput, ShareInput } from './core/context-inputs.js';
export type { Action, Args, Face } from './core/face-commands.js';
export { type Hint, type HintAction, type HintLike, type HintOption, type HintRef, renderHint } from './core/hint.js';
export type { ArtifactEntry, Assumption, Decision, GitState, Learning, Provenance } from './core/schema.js';
export { artifactEntrySchema, assumptionSchema, decisionSchema, gitStateSchema, learningSchema } from './core/schema.js';
export { defineTool, type ToolContext, type ToolProgress, type ToolSet, type TrackTool } from './faces/mcp/tool.js';
export { TOOLS, toolsFor } from './faces/mcp/tools.js';
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
} from './features/checkpoints/checkpoints.js';
export { type GitChanges, gitChangesSince, readGitState } from './features/checkpoints/git-state.js';
export { checkpointBeforeCompact } from './features/checkpoints/pre-compact.js';
export { type AddArtifactInput, type AddArtifactResult, addArtifact, getArtifact, listArtifacts, showArtifact } from './features/notes/artifacts.js';
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
} from './features/notes/notes.js';
export { type SharedItem, type ShareResult, shareContext } from './features/notes/share.js';
export { type ContextView, contextView, type TrackContextInput, trackContext, trackPrimer } from './features/primer/primer.js';
export { buildIdlePrimer, type IdlePrimer } from './features/primer/primer-idle.js';
export {
  buildPrimer,
  type DoneStep,
  type Primer,
  type PrimerClaim,
  type PrimerFormat,
  type PrimerOptions,
  renderContext,
} from './features/primer/primer-text.js';
export { DEFAULT_PRIMER_BUDGET, type SessionPrimerOptions, sessionPrimer } from './features/primer/session-primer.js';
// --- agents (issue #5): session primer, Claude Code setup edits, the MCP tool table.
// The MCP server itself is `track-manager/mcp` (a separate entry, so the library never loads the SDK).
export { addHooks, addMcpServer, MCP_SERVER_NAME, OUR_HOOKS, OUR_MCP_SERVER, removeHooks, removeMcpServer } from './features/setup/claude-config.js';
export { executeWithinTrack, type SnapshotOptions } from './features/tracks/orchestrator.js';
export { type PausedTrack, pausedTracks } from './features/tracks/paused.js';

import type { Checkpoint } from './core/schema.js';
import { type SnapshotOptions, createSnapshot as snapshotIn } from './features/tracks/orchestrator.js';

/** The spec's `createSnapshot({ type: 'checkpoint', runId, description })`: a checkpoint of the bound or active track. */
export function createSnapshot(options: SnapshotOptions, store: FileStore = FileStore.open()): Promise<Checkpoint> {
  return snapshotIn(store, options);
}

// ---- plans that execute: steps, next/step, workflow runs (issue #3) ----
import type { Run } from './core/schema.js';
import { type CreateRunOptions, createRun } from './features/plan/runs.js';

export { findStepCycle, runnableSteps, validatePlan } from './core/plan.js';
export { evaluateCondition } from './core/plan-condition.js';
export type { Handoff, ResolvedInput } from './core/plan-handoff.js';
export type { PlanFile, Run, WorkflowDefinition } from './core/schema.js';
export { planFileSchema, runSchema, workflowDefinitionSchema } from './core/schema.js';
export type { CommandObserver } from './exec/command.js';
export { AGENT_ENV, agentName } from './features/plan/agent-name.js';
export { type NextOptions, nextStep } from './features/plan/next.js';
export { addStep, editStep, loadPlanFile, moveStepTo, type PlanResult, removeStep, type StepFields, setPlan } from './features/plan/plan.js';
export { type CreateRunOptions, listRuns, type TrackStatusView, trackStatus } from './features/plan/runs.js';
export { type CloseAction, type CloseOptions, type CloseResult, closeStep } from './features/plan/step-close.js';
export type { NextKind, NextResult } from './features/plan/step-start.js';

/**
 * The spec's Integration Points: creates `workflows/run-NNN/run.json` in the track (status
 * 'created'; `workflowId` defaults to the track id). `store` is the last, optional parameter;
 * by default the tracks root is found from the current directory.
 */
export function createRunForTrack(trackId: string, runId?: string, options: CreateRunOptions = {}, store: FileStore = FileStore.open()): Promise<Run> {
  return createRun(store, trackId, runId, options);
}

// ---- issue #7: templates, sub-tracks, dependencies, conflicts, analytics, import/export ----
export { globOverlap } from './core/glob-overlap.js';
export type { TrackBundle, TrackTemplate } from './core/schema.js';
export { bundleSchema, templateSchema } from './core/schema.js';
export { exportTrack, writeBundleFile } from './features/bundles/export.js';
export { type ImportOptions, type ImportResult, importTrack, readBundleFile, verifyBundle } from './features/bundles/import.js';
export type { Check, Problem, Repair } from './features/doctor/checks.js';
// Store health (issue #6): `track doctor` as a library call.
export { type DoctorReport, diagnose, doctor } from './features/doctor/doctor.js';
export { computeStats, type StatsReport } from './features/stats/figures.js';
export { type StatsOptions, trackStats } from './features/stats/stats.js';
export { BUILTIN_TEMPLATES } from './features/templates/template-builtins.js';
export { createFromTemplate, getTemplate, listTemplates, saveTemplate, type TemplateEntry } from './features/templates/templates.js';
export { findConflicts, type TrackConflict } from './features/tracks/conflicts.js';
export { assertNoDependencyCycle, assertPrerequisitesMet, unmetPrerequisites } from './features/tracks/dependencies.js';
export { type AggregateProgress, aggregateProgress, cancelTrackTree } from './features/tracks/hierarchy.js';
export type { ActivateOptions } from './features/tracks/lifecycle.js';
