import type { Step } from './schema.js';

export interface ResolvedInput {
  name: string;
  value: string | null;
  from_step?: string | undefined;
  output?: string | undefined;
}

/** What an agent needs to perform a step: instructions, resolved inputs, success criteria. */
export interface Handoff {
  step_id: string;
  name: string;
  action_type: Step['action']['type'];
  holder: string | null;
  agent?: string | undefined;
  description?: string | undefined;
  instructions?: string | undefined;
  path?: string | undefined;
  inputs: ResolvedInput[];
  success_criteria: string[];
  approvers?: string[] | undefined;
  close_with: string;
}

export function resolveInputs(step: Step, steps: readonly Step[]): ResolvedInput[] {
  const byId = new Map(steps.map((s) => [s.step_id, s]));
  return (step.action.inputs ?? []).map((input) => {
    if (!input.from_step) return { name: input.name, value: input.value ?? null };
    const output = input.output ?? input.name;
    const value = byId.get(input.from_step)?.outputs?.[output];
    return { name: input.name, value: value ?? input.value ?? null, from_step: input.from_step, output };
  });
}

export function handoffFor(step: Step, steps: readonly Step[], instructions?: string): Handoff {
  const a = step.action;
  const close =
    a.type === 'approval'
      ? `track step approve --step-id ${step.step_id}`
      : `track step complete --step-id ${step.step_id} [--output name=value] [--notes …] (or 'track step fail' / 'track step skip')`;
  return {
    step_id: step.step_id,
    name: step.name,
    action_type: a.type,
    holder: step.claim?.holder ?? null,
    ...(a.agent ? { agent: a.agent } : {}),
    ...(step.description ? { description: step.description } : {}),
    ...((instructions ?? a.instructions) ? { instructions: instructions ?? a.instructions } : {}),
    ...(a.path ? { path: a.path } : {}),
    inputs: resolveInputs(step, steps),
    success_criteria: step.success_criteria ?? [],
    ...(a.approvers ? { approvers: a.approvers } : {}),
    close_with: close,
  };
}
