/** Plan editing use cases: each is one transaction, and the plan is validated as a whole DAG before it is written. */
import { canonicalJson } from '../../core/canonical.js';
import { ConflictError, InvalidStateError, TrackError, ValidationError } from '../../core/errors.js';
import { cmd, hint, joinHints, opt, run } from '../../core/hint.js';
import { legalMoves } from '../../core/lifecycle.js';
import { moveStep, nextOrder, nextStepId, validatePlan } from '../../core/plan.js';
import { type Step, stepSchema, type Track } from '../../core/schema.js';
import { ACTION_FIELDS, aStep, fieldsFor, fieldsNotFor } from '../../core/step-fields.js';
import { closest, didYouMean } from '../../core/suggest.js';
import { parseInput } from '../../core/validate.js';
import type { ActionType, Backoff } from '../../core/vocab.js';
import type { StorePort, StoreTx } from '../../store/port.js';
import { containedRealPath } from '../../store/user-files/contained-path.js';
import { readStructuredFile } from '../../store/user-files/structured-file.js';
import { checkpointTrack } from '../checkpoints/snapshot.js';
import { resolveTrack } from '../tracks/bound-track.js';
import type { TrackTarget } from '../tracks/track-inputs.js';
import { parsePlan, withPlan } from './plan-file.js';

const EDITABLE = new Set<Track['status']>(['draft', 'ready', 'active', 'paused']);

/** Fields of `step add` / `step edit`; on edit, only those given change. */
/** A step of a track. */
export interface StepTarget extends TrackTarget {
  step_id: string;
}

export type AddStepInput = TrackTarget & StepFields;
/** The step's new values; `step_id` names the step edited (a step keeps its id). */
export type EditStepInput = StepTarget & Omit<StepFields, 'step_id'>;

export interface MoveStepInput extends StepTarget {
  /** The 1-based place in the plan. */
  position: number;
}

export interface SetPlanInput extends TrackTarget {
  /** A plan document (steps, workflows, execution settings), checked whole before anything is written. */
  plan: unknown;
}

export interface StepFields {
  step_id?: string | undefined;
  name?: string | undefined;
  type?: string | undefined;
  action_type?: string | undefined;
  command?: string | undefined;
  workflow?: string | undefined;
  agent?: string | undefined;
  instructions?: string | undefined;
  path?: string | undefined;
  description?: string | undefined;
  depends_on?: string[] | undefined;
  success_criteria?: string[] | undefined;
  approvers?: string[] | undefined;
  timeout_minutes?: number | undefined;
  max_attempts?: number | undefined;
  backoff?: Backoff | undefined;
  delay_seconds?: number | undefined;
}

export interface PlanResult {
  track: Track;
  step?: Step | undefined;
}

export function findStep(track: Track, stepId: string): Step {
  const step = track.steps.find((s) => s.step_id === stepId);
  if (!step) {
    const ids = track.steps.map((s) => s.step_id);
    const near = closest(stepId, ids);
    throw new TrackError(
      'NOT_FOUND',
      `track '${track.track_id}' has no step '${stepId.slice(0, 64)}' (steps: ${ids.join(', ') || 'none'})`,
      near.length ? hint`${didYouMean(near)} (${cmd('status')} shows the steps)` : hint`${run('status')} to see the steps`,
      { step_id: stepId, ...(near.length ? { did_you_mean: near } : {}) },
    );
  }
  return step;
}

/** One plan edit: the new step list is validated whole; a paused track gets a checkpoint so resume keeps the edit. */
async function editPlan(store: StorePort, id: string | undefined, edit: (track: Track, tx: StoreTx) => Track, why: string): Promise<Track> {
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, id);
    if (!EDITABLE.has(track.status)) throw new InvalidStateError(track.track_id, track.status, 'edited', legalMoves(track.status));
    const edited = edit(track, tx);
    validatePlan(edited.steps);
    const saved = await tx.putTrack(edited);
    if (saved.status === 'paused') await checkpointTrack(tx, saved, 'pause', `${why} while paused`);
    return saved;
  });
}

function refuseInProgress(step: Step, verb: string): void {
  if (step.status === 'in-progress') {
    throw new ConflictError(
      `step '${step.step_id}' is in progress; it cannot be ${verb}`,
      hint`close it first: ${cmd('step_release', { step_id: step.step_id })}, ${cmd('step_complete', { step_id: step.step_id })} or ${cmd('step_fail', { step_id: step.step_id })}`,
      {
        step_id: step.step_id,
      },
    );
  }
}

const COMMON_FIELDS = ['name', 'type', 'description', 'depends_on', 'success_criteria', 'action_type'];
const given = (f: StepFields): string[] => Object.keys(f).filter((k) => k !== 'step_id' && f[k as keyof StepFields] !== undefined);

/** What a step of this action type takes, for hints; the details carry it as data for the faces to phrase. */
const takes = (type: ActionType) => `${aStep(type)} takes ${[...COMMON_FIELDS, ...fieldsFor(type)].join(', ')}`;

/** A field given for an action type that never uses it would be stored and ignored: refused, naming what applies. */
function refuseInapplicable(stepId: string, type: ActionType, f: StepFields): void {
  const wrong = fieldsNotFor(type, given(f));
  if (!wrong.length) return;
  const types = [...new Set(wrong.flatMap((w) => ACTION_FIELDS[w]))].filter((t) => wrong.every((w) => ACTION_FIELDS[w].includes(t)));
  const [to] = types;
  throw new ValidationError(
    `${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not apply to step '${stepId}', ${aStep(type)}`,
    `${takes(type)}${to ? `; to make it ${aStep(to)}, give action_type ${to} too` : ''}`,
    {
      step_id: stepId,
      action_type: type,
      not_applicable: wrong,
      applicable: [...COMMON_FIELDS, ...fieldsFor(type)],
      ...(types.length ? { action_types: types } : {}),
    },
  );
}

function applyFields(base: Record<string, unknown>, f: StepFields): Step {
  refuseInapplicable(String(base.step_id), (f.action_type ?? (base.action as { type?: ActionType }).type ?? 'manual') as ActionType, f);
  const action = { ...(base.action as Record<string, unknown>) };
  const set = (target: Record<string, unknown>, key: string, value: unknown) => {
    if (value !== undefined) target[key] = value;
  };
  set(action, 'type', f.action_type);
  set(action, 'command', f.command);
  set(action, 'workflow', f.workflow);
  set(action, 'agent', f.agent);
  set(action, 'instructions', f.instructions);
  set(action, 'path', f.path);
  set(action, 'approvers', f.approvers);
  const step: Record<string, unknown> = { ...base, action };
  set(step, 'name', f.name);
  set(step, 'type', f.type);
  set(step, 'description', f.description);
  set(step, 'depends_on', f.depends_on);
  set(step, 'success_criteria', f.success_criteria);
  if (f.timeout_minutes !== undefined) step.timing = { ...(base.timing as object | undefined), timeout_minutes: f.timeout_minutes };
  if (f.max_attempts !== undefined || f.backoff !== undefined || f.delay_seconds !== undefined) {
    const retry = { max_attempts: 1, backoff: 'none', ...(base.retry as object | undefined) } as Record<string, unknown>;
    set(retry, 'max_attempts', f.max_attempts);
    set(retry, 'backoff', f.backoff);
    set(retry, 'delay_seconds', f.delay_seconds);
    step.retry = retry;
  }
  return parseInput(stepSchema, step, 'step add');
}

export async function addStep(store: StorePort, { track_id: id, ...fields }: AddStepInput): Promise<PlanResult> {
  let added: Step | undefined;
  const track = await editPlan(
    store,
    id,
    (t, tx) => {
      const stepId = fields.step_id ?? nextStepId(t.steps, tx.nameTag());
      if (t.steps.some((s) => s.step_id === stepId))
        throw new ConflictError(`step '${stepId}' already exists`, hint`choose another ${opt('step_id')}`, { step_id: stepId });
      added = applyFields(
        { step_id: stepId, name: fields.name, type: fields.type ?? 'implementation', status: 'pending', order: nextOrder(t.steps), depends_on: [], action: {} },
        fields,
      );
      return { ...t, steps: [...t.steps, added] };
    },
    `added a step`,
  );
  return { track, step: added };
}

export async function editStep(store: StorePort, { track_id: id, step_id: stepId, ...fields }: EditStepInput): Promise<PlanResult> {
  let edited: Step | undefined;
  const track = await editPlan(
    store,
    id,
    (t) => {
      const step = findStep(t, stepId);
      refuseInProgress(step, 'edited');
      edited = applyFields({ ...step }, { ...fields, step_id: undefined });
      if (canonicalJson(edited) === canonicalJson(step)) throw unchanged(step, given(fields).length > 0);
      return { ...t, steps: t.steps.map((s) => (s.step_id === stepId ? (edited as Step) : s)) };
    },
    `edited ${stepId}`,
  );
  return { track, step: edited };
}

/** An edit that would leave the step as it is: nothing given, or only the values it already has. */
function unchanged(step: Step, anything: boolean): ValidationError {
  const type = step.action.type;
  return new ValidationError(
    anything ? `step '${step.step_id}' already has these values; nothing to change` : `step edit of '${step.step_id}' names nothing to change`,
    takes(type),
    { step_id: step.step_id, action_type: type, applicable: [...COMMON_FIELDS, ...fieldsFor(type)] },
  );
}

export async function removeStep(store: StorePort, { track_id: id, step_id: stepId }: StepTarget): Promise<PlanResult> {
  const track = await editPlan(
    store,
    id,
    (t) => {
      refuseInProgress(findStep(t, stepId), 'removed');
      const dependents = t.steps.filter((s) => s.depends_on.includes(stepId));
      if (dependents.length) {
        // One edit per dependent, dropping it from that step's depends_on and keeping the others (an empty value clears the list).
        const edits = dependents.map(
          (d) =>
            hint`${cmd('step_edit', { step_id: d.step_id, ...(id ? { track_id: t.track_id } : {}), depends_on: d.depends_on.filter((x) => x !== stepId).join(',') })}`,
        );
        throw new ConflictError(
          `step '${stepId}' is a dependency of ${dependents.map((s) => s.step_id).join(', ')}`,
          joinHints([hint`remove it from their depends_on first: `, joinHints(edits, ', then ')], ''),
          { step_id: stepId, dependents: dependents.map((s) => s.step_id) },
        );
      }
      return { ...t, steps: t.steps.filter((s) => s.step_id !== stepId) };
    },
    `removed ${stepId}`,
  );
  return { track };
}

export async function moveStepTo(store: StorePort, { track_id: id, step_id: stepId, position }: MoveStepInput): Promise<PlanResult> {
  const track = await editPlan(
    store,
    id,
    (t) => {
      findStep(t, stepId);
      return { ...t, steps: moveStep(t.steps, stepId, position) };
    },
    `moved ${stepId}`,
  );
  return { track, step: findStep(track, stepId) };
}

/** Replaces the whole plan with the content of a plan document (already parsed from YAML/JSON). */
export async function setPlan(store: StorePort, { track_id: id, plan: content }: SetPlanInput): Promise<PlanResult> {
  const plan = parsePlan(content);
  const track = await editPlan(
    store,
    id,
    (t) => {
      const busy = t.steps.find((s) => s.status === 'in-progress');
      if (busy) refuseInProgress(busy, 'replaced');
      return withPlan(t, plan);
    },
    'replaced the plan',
  );
  return { track };
}

/**
 * Reads a plan file (YAML or JSON) and checks it, without writing anything. `path` is taken from the
 * working directory; with `projectDir` (what the faces pass) it must resolve inside the project,
 * symlinks followed, as every file a user names.
 */
export async function loadPlanFile(path: string, projectDir?: string): Promise<ReturnType<typeof parsePlan>> {
  const real = projectDir === undefined ? path : containedRealPath(projectDir, path, process.cwd());
  return parsePlan(await readStructuredFile(real, path), path);
}
