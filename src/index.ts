/**
 * track-manager as a library. Every operation is `operation(store, input)`: the store from
 * `openStore()` (or `initStore()`), the input an object named as the schema names its fields
 * (`track_id`, `step_id`, …; `track_id` defaults to the active track). Each runs as one
 * transaction or one consistent read; errors are the typed classes exported here. The MCP server is
 * the separate entry `track-manager/mcp`, so the library never loads its SDK.
 */

export type { AssumeInput, CheckpointInput, DecideInput, LearnInput, ResolveAssumptionInput, ShareInput } from './core/context-inputs.js';
// ---- documents, rules and errors ----
export * from './core/errors.js';
export type { Action, Args, Face } from './core/face-commands.js';
export { globOverlap } from './core/glob-overlap.js';
export { type Hint, type HintAction, type HintLike, type HintOption, type HintRef, renderHint } from './core/hint.js';
export type { CreateInput } from './core/inputs.js';
export { trackJsonSchema } from './core/json-schema.js';
export { canTransition, legalMoves, TRANSITIONS } from './core/lifecycle.js';
export { findStepCycle, runnableSteps, validatePlan } from './core/plan.js';
export { evaluateCondition } from './core/plan-condition.js';
export type { Handoff, ResolvedInput } from './core/plan-handoff.js';
export type {
  ArtifactEntry,
  Assumption,
  Checkpoint,
  Decision,
  GitState,
  HistoryEntry,
  Learning,
  PlanFile,
  Provenance,
  Registry,
  Run,
  Step,
  Track,
  TrackBundle,
  TrackContext,
  TrackSummary,
  TrackTemplate,
  WorkflowDefinition,
} from './core/schema.js';
export {
  artifactEntrySchema,
  assumptionSchema,
  bundleSchema,
  checkpointSchema,
  decisionSchema,
  gitStateSchema,
  learningSchema,
  planFileSchema,
  registrySchema,
  runSchema,
  stepSchema,
  templateSchema,
  trackSchema,
  workflowDefinitionSchema,
} from './core/schema.js';
export type { CommandRef } from './core/trust.js';
export * from './core/vocab.js';
// ---- features/plan: steps, next, closing steps, runs and their logs ----
export type { CommandObserver } from './exec/command.js';
// ---- the MCP tool table (the server is `track-manager/mcp`) ----
export { defineTool, type ToolContext, type ToolProgress, type ToolSet, type TrackTool } from './faces/mcp/tool.js';
export { TOOLS, toolsFor } from './faces/mcp/tools.js';
export { exportTrack, writeBundleFile } from './features/bundles/export.js';
export { type ImportInput, type ImportOptions, type ImportResult, importTrack, readBundleFile, verifyBundle } from './features/bundles/import.js';
// ---- features/checkpoints ----
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
export { checkpointBeforeCompact } from './features/checkpoints/pre-compact.js';
export { type DoctorReport, diagnose, doctor } from './features/doctor/doctor.js';
export type { Check, Problem, Repair } from './features/doctor/problem.js';
export { type AddArtifactInput, type AddArtifactResult, addArtifact, getArtifact, listArtifacts, showArtifact } from './features/notes/artifacts.js';
// ---- features/notes: decisions, assumptions, learnings, artifacts, sharing ----
export { assume, type ContextList, decide, learn, listAssumptions, listDecisions, listLearnings, resolveAssumption } from './features/notes/notes.js';
export { type SharedItem, type ShareResult, shareContext } from './features/notes/share.js';
export { AGENT_ENV, agentName } from './features/plan/agent-name.js';
export { type NextOptions, nextStep } from './features/plan/next.js';
export {
  type AddStepInput,
  addStep,
  type EditStepInput,
  editStep,
  loadPlanFile,
  type MoveStepInput,
  moveStepTo,
  type PlanResult,
  removeStep,
  type SetPlanInput,
  type StepFields,
  type StepTarget,
  setPlan,
} from './features/plan/plan.js';
export { type RunLogs, type RunLogsInput, runLogs } from './features/plan/run-logs.js';
export { type CreateRunInput, createRun, listRuns, type TrackStatusView, trackStatus } from './features/plan/runs.js';
export { type CloseAction, type CloseInput, type CloseResult, closeStep } from './features/plan/step-close.js';
export type { NextKind, NextResult } from './features/plan/step-start.js';
export { type TrustInput, type TrustResult, trustCommands } from './features/plan/trust.js';
// ---- features/primer: what a fresh session reads ----
export { type ContextView, contextView, type TrackContextInput, trackContext, trackPrimer } from './features/primer/primer.js';
export type { IdlePrimer } from './features/primer/primer-idle.js';
export type { DoneStep, Primer, PrimerClaim, PrimerFormat } from './features/primer/primer-text.js';
export { DEFAULT_PRIMER_BUDGET, type SessionPrimerOptions, sessionPrimer } from './features/primer/session-primer.js';
export { addHooks, addMcpServer, MCP_SERVER_NAME, OUR_HOOKS, OUR_MCP_SERVER, removeHooks, removeMcpServer } from './features/setup/claude-config.js';
export { type InitDatabaseInput, type InitDatabaseResult, initDatabaseProject } from './features/setup/init-database.js';
export { type InitInput, type InitResult, initProject } from './features/setup/init-project.js';
export { type UninstallInput, type UninstallResult, uninstallProject } from './features/setup/uninstall-project.js';
export { computeStats, type StatsReport } from './features/stats/figures.js';
export { type StatsOptions, trackStats } from './features/stats/stats.js';
export { type CopyCounts, type CopyResult, copyStore } from './features/store-copy/copy-store.js';
// ---- features/templates, bundles, stats, doctor, setup ----
export { BUILTIN_TEMPLATES } from './features/templates/template-builtins.js';
export {
  type CreateFromTemplateInput,
  createFromTemplate,
  getTemplate,
  listTemplates,
  saveTemplate,
  type TemplateEntry,
} from './features/templates/templates.js';
export { findConflicts, type TrackConflict } from './features/tracks/conflicts.js';
export { type AggregateProgress, aggregateProgress, type TreeNode, trackTree } from './features/tracks/hierarchy.js';
// ---- features/tracks: lifecycle, queries, updates, hierarchy, dependencies, conflicts ----
export {
  type ActivationResult,
  activateTrack,
  archiveTrack,
  type CancelResult,
  type CreateResult,
  cancelTrack,
  completeTrack,
  createTrack,
  failTrack,
  pauseTrack,
  readyTrack,
  resumeTrack,
  setStatus,
  switchTrack,
  type TrackMove,
  type TransitionResult,
} from './features/tracks/lifecycle.js';
export { type ListFilter, listTracks, showTrack, trackHistory } from './features/tracks/queries.js';
export type {
  ActivateInput,
  CancelInput,
  CompleteInput,
  MoveInput,
  StatusInput,
  SwitchInput,
  TrackTarget,
  UpdateInput,
} from './features/tracks/track-inputs.js';
export { UPDATABLE_FIELDS, type UpdateResult, updateTrack } from './features/tracks/update.js';
// ---- features/watch: live changes of the store ----
export { watchChanges } from './features/watch/watch-changes.js';
export type { WatchOptions, WatchStatus } from './features/watch/watch-options.js';
// ---- the specification's Integration Points, in its own shapes ----
export { createRunForTrack, createSnapshot, executeWithinTrack, getActiveTrack, type RunForTrackOptions, type SnapshotOptions } from './integration.js';
export type { ChangedTrack, StoreChange } from './store/changes.js';
export { FileStore } from './store/file/file-store.js';
// ---- the store ----
export type { OpenOptions } from './store/open.js';
export { initStore, openStore } from './store/open.js';
export type { CheckpointBody, LogTail, RunLog, RunOutput, StorePort, StoreReader, StoreTx, TrackFile, TransactionOptions } from './store/port.js';
export type { MigrateResult } from './store/postgres/migrations.js';
export { PgStore } from './store/postgres/pg-store.js';
export type { DatabaseTarget } from './store/postgres/store-config.js';
