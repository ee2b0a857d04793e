import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { findStepCycle, moveStep, normalizePlanSteps, runnableSteps, validatePlan } from '../../src/core/plan.js';
import { chooseBranch, evaluateCondition } from '../../src/core/plan-condition.js';
import { retryDelayMs } from '../../src/core/plan-retry.js';
import { StepBlockedError, selectStep } from '../../src/core/plan-select.js';
import type { PlanStep, Step } from '../../src/core/schema.js';

const cmd = (step_id: string, depends_on: string[] = [], extra: Partial<PlanStep> = {}): PlanStep => ({
  step_id,
  name: step_id,
  type: 'implementation',
  action: { type: 'run-command', command: 'true' },
  depends_on,
  ...extra,
});
const plan = (...steps: PlanStep[]): Step[] => normalizePlanSteps(steps);
const errorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    return e as ValidationError;
  }
  throw new Error('expected an error');
};

describe('plan validation', () => {
  it('names the ids of a cycle', () => {
    const e = errorOf(() => validatePlan(plan(cmd('a', ['c']), cmd('b', ['a']), cmd('c', ['b']))));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/cycle: (a → c → b → a|b → a → c → b|c → b → a → c)/);
  });

  it('names dangling references, self-dependencies and duplicate ids', () => {
    expect(errorOf(() => validatePlan(plan(cmd('a', ['ghost'])))).message).toContain("step 'a' depends on unknown step(s) ghost");
    expect(errorOf(() => validatePlan(plan(cmd('a', ['a'])))).message).toContain('depends on itself');
    expect(errorOf(() => validatePlan(plan(cmd('a'), cmd('a')))).message).toContain("duplicate step id 'a'");
  });

  it('refuses actions missing what their type needs, inputs from non-ancestors and bad branch targets', () => {
    expect(errorOf(() => validatePlan(plan(cmd('a', [], { action: { type: 'run-command' } })))).message).toContain('needs action.command');
    const input = cmd('b', [], { action: { type: 'manual', inputs: [{ name: 'x', from_step: 'a' }] } });
    expect(errorOf(() => validatePlan(plan(cmd('a'), input))).message).toContain("reads step 'a', which is not among its dependencies");
    const branch = cmd('b', ['a'], { action: { type: 'conditional-branch', branches: [{ when: 'nope.status == completed', goto: 'a' }] } });
    expect(errorOf(() => validatePlan(plan(cmd('a'), branch))).message).toContain('unknown step(s) nope');
  });

  it('finds a cycle exactly when a topological order does not exist (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(7), { maxLength: 3 }), { minLength: 1, maxLength: 8 }), (edges) => {
        const steps = edges.map((deps, i) => ({ step_id: `s${i}`, depends_on: deps.filter((d) => d < edges.length).map((d) => `s${d}`) }));
        const remaining = new Map(steps.map((s) => [s.step_id, new Set(s.depends_on)]));
        let progress = true;
        while (progress) {
          progress = false;
          for (const [id, deps] of remaining) {
            if ([...deps].every((d) => !remaining.has(d))) {
              remaining.delete(id);
              progress = true;
            }
          }
        }
        const cycle = findStepCycle(steps);
        expect(cycle !== null).toBe(remaining.size > 0);
        if (cycle) for (let i = 0; i + 1 < cycle.length; i++) expect(steps.find((s) => s.step_id === cycle[i])?.depends_on).toContain(cycle[i + 1]);
      }),
    );
  });
});

describe('step selection', () => {
  it('picks the lowest-order pending step whose dependencies are done or skipped', () => {
    const steps = plan(cmd('a'), cmd('b', ['a']), cmd('c'));
    expect(runnableSteps(steps).map((s) => s.step_id)).toEqual(['a', 'c']);
    const after = steps.map((s) => (s.step_id === 'a' ? { ...s, status: 'skipped' as const } : s));
    expect(runnableSteps(after).map((s) => s.step_id)).toEqual(['b', 'c']);
  });

  it('hands a holder back its own step and names the blockers of a chosen step', () => {
    const steps = plan(cmd('a', [], { action: { type: 'manual' } }), cmd('b', ['a']));
    const held = steps.map((s) =>
      s.step_id === 'a' ? { ...s, status: 'in-progress' as const, claim: { holder: 'x', claimed_at: new Date().toISOString() } } : s,
    );
    expect(selectStep(held, 'x', () => true)).toMatchObject({ kind: 'held', step: { step_id: 'a' } });
    expect(selectStep(held, 'y', () => true)).toEqual({ kind: 'waiting', waiting_on: [{ step_id: 'a', status: 'in-progress', holder: 'x' }] });
    expect(() => selectStep(held, 'y', () => true, 'b')).toThrow(StepBlockedError);
    expect(() => selectStep(held, 'y', () => true, 'b')).toThrow("step 'b' is blocked by a (in-progress)");
  });

  it('moves a step and renumbers the order', () => {
    const moved = moveStep(plan(cmd('a'), cmd('b'), cmd('c')), 'c', 1);
    expect([...moved].sort((x, y) => x.order - y.order).map((s) => s.step_id)).toEqual(['c', 'a', 'b']);
  });
});

describe('branch conditions and retry delays', () => {
  const scope = { steps: new Map([['probe', { status: 'completed', outputs: { result: 'ok', count: '3' } }]]), exit_code: 2 };

  it('evaluates comparisons over outputs, statuses and the exit code', () => {
    expect(evaluateCondition("probe.outputs.result == 'ok'", scope)).toBe(true);
    expect(evaluateCondition('probe.count >= 3 && exit_code != 0', scope)).toBe(true);
    expect(evaluateCondition('probe.status == failed || exit_code == 0', scope)).toBe(false);
    expect(evaluateCondition('probe.missing', scope)).toBe(false);
    expect(chooseBranch([{ when: 'exit_code == 0' }, { when: 'else' }], scope)).toBe(1);
    expect(() => evaluateCondition('process.exit()', scope)).toThrow(ValidationError);
  });

  it('computes none, linear and exponential backoff', () => {
    expect([1, 2, 3].map((n) => retryDelayMs({ max_attempts: 4, backoff: 'none', delay_seconds: 2 }, n))).toEqual([2000, 2000, 2000]);
    expect([1, 2, 3].map((n) => retryDelayMs({ max_attempts: 4, backoff: 'linear', delay_seconds: 2 }, n))).toEqual([2000, 4000, 6000]);
    expect([1, 2, 3].map((n) => retryDelayMs({ max_attempts: 4, backoff: 'exponential', delay_seconds: 2 }, n))).toEqual([2000, 4000, 8000]);
  });
});
