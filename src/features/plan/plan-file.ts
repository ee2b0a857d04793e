import { normalizePlanSteps, validatePlan } from '../../core/plan.js';
import { type PlanFile, planFileSchema, type Track } from '../../core/schema.js';
import { assertNoUnknownKeys } from '../../core/unknown-keys.js';
import { parseInput } from '../../core/validate.js';

/**
 * A plan's content checked against its schema: unknown keys (a typo would silently drop what it
 * meant), unknown action types, bad ids … are refused here. `source` names it in errors.
 */
export function parsePlan(value: unknown, source = 'the plan'): PlanFile {
  assertNoUnknownKeys(planFileSchema, value, source);
  return parseInput(planFileSchema, value, 'plan set');
}

/** The track with its plan replaced by `plan`: steps normalized and validated as one DAG, execution settings merged. */
export function withPlan(track: Track, plan: PlanFile): Track {
  const steps = normalizePlanSteps(plan.steps, plan.workflows);
  validatePlan(steps);
  const execution = { ...track.execution };
  for (const [key, value] of Object.entries(plan.execution ?? {})) if (value !== undefined) Object.assign(execution, { [key]: value });
  return { ...track, steps, execution };
}
