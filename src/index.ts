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
