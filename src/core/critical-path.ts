/** The plan's critical path: the chain of unfinished steps that takes longest, so it decides when the plan can finish. */
import { isDone } from './plan.js';
import type { Step } from './schema.js';

type PlanStep = Pick<Step, 'step_id' | 'depends_on' | 'status' | 'timing'>;

/** A step's weight: its estimate in minutes, else 1 (so a plan without estimates gets its longest chain by count). */
const weightOf = (step: PlanStep): number => step.timing?.estimated_minutes ?? 1;

/** The step ids of the heaviest chain of unfinished steps, each depending on the one before it; empty when all are done. */
export function criticalPath(steps: readonly PlanStep[]): string[] {
  const byId = new Map(steps.filter((s) => !isDone(s)).map((s) => [s.step_id, s]));
  /** Heaviest chain ending at a step: its weight and the step before it on that chain. */
  const best = new Map<string, { weight: number; before: string | null }>();
  const visiting = new Set<string>();
  const chainTo = (step: PlanStep): number => {
    const known = best.get(step.step_id);
    if (known) return known.weight;
    visiting.add(step.step_id);
    let before: string | null = null;
    let heaviest = 0;
    for (const dep of step.depends_on) {
      const prior = byId.get(dep);
      if (!prior || visiting.has(dep)) continue;
      const weight = chainTo(prior);
      if (weight > heaviest || (weight === heaviest && before !== null && dep < before)) {
        heaviest = weight;
        before = dep;
      }
    }
    visiting.delete(step.step_id);
    const weight = heaviest + weightOf(step);
    best.set(step.step_id, { weight, before });
    return weight;
  };
  let end: string | null = null;
  let endWeight = 0;
  for (const step of byId.values()) {
    const weight = chainTo(step);
    if (weight > endWeight) {
      endWeight = weight;
      end = step.step_id;
    }
  }
  const path: string[] = [];
  for (let id = end; id !== null; id = best.get(id)?.before ?? null) path.unshift(id);
  return path;
}
