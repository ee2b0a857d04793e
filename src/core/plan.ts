/** Pure plan logic: the step DAG, its validation, and which step can run next. */

import { compareCodePoints } from './compare.js';
import { ValidationError } from './errors.js';
import { findCycle } from './graph.js';
import { cmd, hint } from './hint.js';
import { conditionSteps } from './plan-condition.js';
import type { PlanStep, Step, WorkflowDefinition } from './schema.js';
import { formatSequence, type NameTag, nextSequenceNumber } from './sequence-names.js';
import { type ActionType, AGENT_ACTIONS, type StepStatus } from './vocab.js';

const DONE: readonly StepStatus[] = ['completed', 'skipped'];
export const isDone = (step: Pick<Step, 'status'>): boolean => DONE.includes(step.status);
export const isAgentAction = (type: ActionType): boolean => AGENT_ACTIONS.includes(type);

/** A generated step id: `step-NNN`, or `step-NNN-k3x9p` when added in a store shared through git. */
const STEP_NUMBER = /^step-(\d{3,})(?:-([2-9a-hjkmnp-z]{5}))?$/;
const ORDER_GAP = 10;
const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** `step-NNN` one above the highest number among `steps`, with `tag` after it when one is given. */
export function nextStepId(steps: readonly Pick<Step, 'step_id'>[], tag?: NameTag): string {
  return formatSequence(
    'step',
    nextSequenceNumber(
      steps.map((s) => s.step_id),
      STEP_NUMBER,
    ),
    tag,
  );
}

const invalid = (message: string, details?: Record<string, unknown>) =>
  new ValidationError(message, hint`fix the plan and write it again (${cmd('plan_set', { file: 'FILE' })} or ${cmd('step_edit')})`, details);

/** What each action type needs to be executable, checked when the plan is written. */
function checkAction(step: Step): void {
  const a = step.action;
  const need = (ok: unknown, what: string) => {
    if (!ok) throw invalid(`step '${step.step_id}' (${a.type}) needs ${what}`, { step_id: step.step_id });
  };
  if (a.type === 'run-command') need(a.command, 'action.command');
  if (a.type === 'run-workflow') need(a.workflow || a.tasks?.length, 'action.workflow (a workflow name) or action.tasks');
  if (a.type === 'run-workflow' && !a.tasks?.length && a.workflow && !WORKFLOW_NAME.test(a.workflow)) {
    throw invalid(`step '${step.step_id}' names workflow '${a.workflow.slice(0, 60)}'; a workflow name is a plain file name (letters, digits, . _ -)`, {
      step_id: step.step_id,
    });
  }
  if (a.type === 'conditional-branch') need(a.branches?.length, 'action.branches');
  for (const task of a.tasks ?? []) {
    if (Boolean(task.command) === Boolean(task.agent || task.instructions)) {
      throw invalid(`workflow task '${task.name}' of step '${step.step_id}' needs either a command or agent instructions, not both`, { step_id: step.step_id });
    }
  }
}

/** One cycle through `depends_on`, as ids (first id repeated at the end), or null. */
export function findStepCycle(steps: readonly Pick<Step, 'step_id' | 'depends_on'>[]): string[] | null {
  return findCycle(new Map(steps.map((s) => [s.step_id, s.depends_on])));
}

/** Every step `id` depends on, directly or not. */
export function ancestors(steps: readonly Pick<Step, 'step_id' | 'depends_on'>[], id: string): Set<string> {
  const deps = new Map(steps.map((s) => [s.step_id, s.depends_on]));
  const out = new Set<string>();
  const queue = [...(deps.get(id) ?? [])];
  while (queue.length) {
    const d = queue.pop() as string;
    if (out.has(d)) continue;
    out.add(d);
    queue.push(...(deps.get(d) ?? []));
  }
  return out;
}

/**
 * Rejects a plan that cannot run: duplicate ids, dangling references (depends_on, inputs,
 * branch targets and conditions), cycles, and actions missing what their type needs.
 * Every message names the offending ids.
 */
export function validatePlan(steps: readonly Step[]): void {
  const ids = new Set<string>();
  for (const s of steps) {
    if (ids.has(s.step_id)) throw invalid(`duplicate step id '${s.step_id}'`, { step_id: s.step_id });
    ids.add(s.step_id);
  }
  for (const s of steps) {
    const missing = s.depends_on.filter((d) => !ids.has(d));
    if (missing.length) throw invalid(`step '${s.step_id}' depends on unknown step(s) ${missing.join(', ')}`, { step_id: s.step_id, missing });
    if (s.depends_on.includes(s.step_id)) throw invalid(`step '${s.step_id}' depends on itself`, { cycle: [s.step_id, s.step_id] });
    checkAction(s);
  }
  const cycle = findStepCycle(steps);
  if (cycle) throw invalid(`the plan has a dependency cycle: ${cycle.join(' → ')}`, { cycle });
  for (const s of steps) {
    const before = ancestors(steps, s.step_id);
    for (const input of s.action.inputs ?? []) {
      if (input.from_step && !before.has(input.from_step)) {
        throw invalid(`input '${input.name}' of step '${s.step_id}' reads step '${input.from_step}', which is not among its dependencies`, {
          step_id: s.step_id,
          from_step: input.from_step,
        });
      }
    }
    for (const branch of s.action.branches ?? []) {
      const refs = [...(branch.goto ? [branch.goto] : []), ...(branch.skip ?? []), ...conditionSteps(branch.when)];
      const bad = refs.filter((r) => !ids.has(r) || r === s.step_id);
      if (bad.length) throw invalid(`a branch of step '${s.step_id}' refers to unknown step(s) ${bad.join(', ')}`, { step_id: s.step_id, missing: bad });
    }
  }
}

/** Steps of a plan file made whole: ids, order, status and depends_on filled in; inline workflows attached. */
export function normalizePlanSteps(input: readonly PlanStep[], workflows: Record<string, WorkflowDefinition> = {}): Step[] {
  const steps: Step[] = [];
  input.forEach((p, index) => {
    const workflow = p.action.workflow && Object.hasOwn(workflows, p.action.workflow) ? workflows[p.action.workflow] : undefined;
    const action = workflow && !p.action.tasks ? { ...p.action, tasks: workflow.tasks } : p.action;
    steps.push({
      ...p,
      step_id: p.step_id ?? nextStepId([...steps, ...input.filter((q): q is PlanStep & { step_id: string } => Boolean(q.step_id))]),
      status: p.status ?? 'pending',
      order: p.order ?? (index + 1) * ORDER_GAP,
      depends_on: p.depends_on ?? [],
      action,
    });
  });
  return steps;
}

export const byOrder = (a: Pick<Step, 'order' | 'step_id'>, b: Pick<Step, 'order' | 'step_id'>): number =>
  a.order - b.order || compareCodePoints(a.step_id, b.step_id);

/** Dependencies of `step` that are neither completed nor skipped. */
export function blockingSteps(steps: readonly Step[], step: Step): Step[] {
  const byId = new Map(steps.map((s) => [s.step_id, s]));
  return step.depends_on.map((d) => byId.get(d)).filter((d): d is Step => d !== undefined && !isDone(d));
}

export const isRunnable = (steps: readonly Step[], step: Step): boolean => step.status === 'pending' && blockingSteps(steps, step).length === 0;

/** Pending steps whose dependencies are all done, lowest order first. */
export function runnableSteps(steps: readonly Step[]): Step[] {
  return steps.filter((s) => isRunnable(steps, s)).sort(byOrder);
}

/** Orders renumbered 10, 20, 30 … with `stepId` moved to 1-based `position`. */
export function moveStep(steps: readonly Step[], stepId: string, position: number): Step[] {
  const ordered = [...steps].sort(byOrder);
  const from = ordered.findIndex((s) => s.step_id === stepId);
  const [moving] = ordered.splice(from, 1);
  if (!moving) return [...steps];
  ordered.splice(Math.max(0, Math.min(position - 1, ordered.length)), 0, moving);
  return ordered.map((s, i) => ({ ...s, order: (i + 1) * ORDER_GAP }));
}

export const nextOrder = (steps: readonly Step[]): number => (steps.length ? Math.max(...steps.map((s) => s.order)) : 0) + ORDER_GAP;
