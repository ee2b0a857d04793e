import { describe, expect, it } from 'vitest';
import { deriveProgress } from '../../src/core/progress.js';
import type { Step } from '../../src/core/schema.js';

const step = (id: string, order: number, status: Step['status']): Step => ({
  step_id: id,
  name: id,
  type: 'implementation',
  status,
  order,
  action: { type: 'manual' },
  depends_on: [],
});

describe('progress', () => {
  it('is derived from the steps', () => {
    const p = deriveProgress([step('a', 1, 'completed'), step('b', 2, 'skipped'), step('c', 3, 'pending'), step('d', 4, 'pending')]);
    expect(p).toMatchObject({ completed_steps: 2, total_steps: 4, percentage: 50, current_step_id: 'c' });
    expect(p.by_status).toEqual({ pending: 2, 'in-progress': 0, completed: 1, failed: 0, skipped: 1 });
  });

  it('prefers the step in progress as current', () => {
    expect(deriveProgress([step('a', 1, 'pending'), step('b', 2, 'in-progress')]).current_step_id).toBe('b');
  });

  it('handles an empty plan', () => {
    expect(deriveProgress([])).toMatchObject({ total_steps: 0, percentage: 0, current_step_id: null });
  });
});
