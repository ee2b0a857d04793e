import type { Progress, Step } from './schema.js';
import { STEP_STATUSES, type StepStatus } from './vocab.js';

const DONE: readonly StepStatus[] = ['completed', 'skipped'];

/** Progress is always derived from the steps, so it cannot drift from them. */
export function deriveProgress(steps: readonly Step[]): Progress {
  const byStatus = Object.fromEntries(STEP_STATUSES.map((s) => [s, 0])) as Record<StepStatus, number>;
  for (const step of steps) byStatus[step.status] += 1;
  const completed = byStatus.completed + byStatus.skipped;
  const ordered = [...steps].sort((a, b) => a.order - b.order);
  const current = ordered.find((s) => s.status === 'in-progress') ?? ordered.find((s) => !DONE.includes(s.status)) ?? null;
  return {
    current_step_id: current ? current.step_id : null,
    completed_steps: completed,
    total_steps: steps.length,
    percentage: steps.length ? Math.round((completed / steps.length) * 1000) / 10 : 0,
    by_status: byStatus,
  };
}
