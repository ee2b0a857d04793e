import { describe, expect, it } from 'vitest';
import { planFileSchema, templateSchema, trackSchema, workflowDefinitionSchema } from '../../src/core/schema.js';
import { assertNoUnknownKeys, findUnknownKey } from '../../src/core/unknown-keys.js';

const step = (over: Record<string, unknown> = {}) => ({ name: 'A', type: 'implementation', action: { type: 'manual' }, ...over });

describe('unknown keys in hand-written documents', () => {
  it('finds the first unknown key in document order, with its path and the nearest accepted key', () => {
    expect(findUnknownKey(planFileSchema, { excution: { pause_on_failure: true }, steps: [] })).toMatchObject({ path: ['excution'], near: ['execution'] });
    expect(findUnknownKey(planFileSchema, { steps: [step(), step({ dependson: ['step-001'] })] })).toMatchObject({
      path: ['steps', 1, 'dependson'],
      near: ['depends_on'],
    });
    expect(findUnknownKey(planFileSchema, { steps: [step({ sucess_criteria: ['x'] })] })?.near).toEqual(['success_criteria']);
    const { action: _a, ...noAction } = step();
    expect(findUnknownKey(planFileSchema, { steps: [{ ...noAction, acton: { type: 'manual' } }] })?.near).toEqual(['action']);
  });

  it('looks inside nested objects, lists and maps, and suggests a key one level down', () => {
    expect(findUnknownKey(planFileSchema, { steps: [step({ timout_minutes: 5 })] })?.near).toEqual(['timing.timeout_minutes']);
    expect(findUnknownKey(planFileSchema, { steps: [step({ timing: { timout_minutes: 5 } })] })?.path).toEqual(['steps', 0, 'timing', 'timout_minutes']);
    expect(findUnknownKey(planFileSchema, { steps: [step({ action: { type: 'manual', instruction: 'x' } })] })?.near).toEqual(['instructions']);
    expect(findUnknownKey(planFileSchema, { steps: [], execution: { pause_on_falure: true } })?.path).toEqual(['execution', 'pause_on_falure']);
    expect(findUnknownKey(planFileSchema, { steps: [], workflows: { build: { tasks: [{ name: 'b', comand: 'make' }] } } })).toMatchObject({
      path: ['workflows', 'build', 'tasks', 0, 'comand'],
      near: ['command'],
    });
    expect(findUnknownKey(workflowDefinitionSchema, { taks: [] })?.near).toEqual(['tasks']);
  });

  it('accepts every key the schema knows, free-form maps (outputs) included', () => {
    const plan = {
      steps: [step({ step_id: 'a', outputs: { anything: 'x' }, timing: { timeout_minutes: 1 }, retry: { max_attempts: 2, backoff: 'none' } })],
      workflows: { w: { tasks: [{ name: 't', command: 'true' }] } },
      execution: { pause_on_failure: true },
    };
    expect(findUnknownKey(planFileSchema, plan)).toBeUndefined();
    expect(findUnknownKey(trackSchema, { steps: 'not a list' })).toBeUndefined();
  });

  it('refuses with one line naming the document and the key, the nearest key as the hint', () => {
    expect(() => assertNoUnknownKeys(planFileSchema, { steps: [step({ dependson: [] })] }, 'plan.yaml')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        message: 'unknown key steps.0.dependson in plan.yaml',
        hint: "did you mean 'depends_on'?",
        details: { field: 'steps.0.dependson', did_you_mean: ['depends_on'] },
      }),
    );
    expect(() => assertNoUnknownKeys(templateSchema, { zzz: 1 }, 'x.json')).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^the top-level keys are: format, name, /) }),
    );
  });
});
