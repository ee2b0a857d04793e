import { describe, expect, it } from 'vitest';
import { criticalPath } from '../../src/core/critical-path.js';
import type { Step } from '../../src/core/schema.js';

type PlanStep = Pick<Step, 'step_id' | 'depends_on' | 'status' | 'timing'>;
const s = (step_id: string, depends_on: string[] = [], status: Step['status'] = 'pending', minutes?: number): PlanStep => ({
  step_id,
  depends_on,
  status,
  ...(minutes === undefined ? {} : { timing: { estimated_minutes: minutes } }),
});

describe('the critical path of a plan', () => {
  it('is the longest chain by count when nothing is estimated', () => {
    expect(criticalPath([s('a'), s('b', ['a']), s('c', ['a']), s('d', ['c']), s('e', ['b', 'd'])])).toEqual(['a', 'c', 'd', 'e']);
  });

  it('weighs steps by their estimated minutes', () => {
    expect(
      criticalPath([s('a', [], 'pending', 5), s('b', ['a'], 'pending', 60), s('c', ['a'], 'pending', 5), s('d', ['c'], 'pending', 5), s('e', ['b', 'd'])]),
    ).toEqual(['a', 'b', 'e']);
  });

  it('leaves out finished steps (completed or skipped); a plan all done has none', () => {
    expect(criticalPath([s('a', [], 'completed'), s('b', ['a'], 'skipped'), s('c', ['b']), s('d', ['c'], 'in-progress')])).toEqual(['c', 'd']);
    expect(criticalPath([s('a', [], 'completed')])).toEqual([]);
    expect(criticalPath([])).toEqual([]);
  });

  it('ignores a dependency on a step the plan does not have, and breaks ties the same way every time', () => {
    expect(criticalPath([s('b', ['gone']), s('a')])).toEqual(['b']);
    const plan = [s('x'), s('y'), s('z', ['y', 'x'])];
    expect(criticalPath(plan)).toEqual(['x', 'z']);
    expect(criticalPath([...plan].reverse())).toEqual(['x', 'z']);
  });
});
