import type { Step } from './schema.js';

const MAX_DELAY_MS = 3_600_000;
const DEFAULT_DELAY_SECONDS = 1;

export const maxAttempts = (step: Pick<Step, 'retry'>): number => step.retry?.max_attempts ?? 1;

/** Milliseconds to wait after failed attempt number `attempt` (1-based) before the next one. */
export function retryDelayMs(retry: Step['retry'], attempt: number): number {
  if (!retry) return 0;
  const base = (retry.delay_seconds ?? DEFAULT_DELAY_SECONDS) * 1000;
  const factor = retry.backoff === 'linear' ? attempt : retry.backoff === 'exponential' ? 2 ** (attempt - 1) : 1;
  return Math.min(base * factor, MAX_DELAY_MS);
}

/** A step's timeout in milliseconds, or null for none. */
export const timeoutMs = (step: Pick<Step, 'timing'>): number | null =>
  step.timing?.timeout_minutes === undefined ? null : Math.round(step.timing.timeout_minutes * 60_000);
