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
  /** The command that closes the step, runnable as printed (outputs and notes are optional additions); for an approval step held by a non-approver, the one that gives it back. */
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

/**
 * The command that closes a handed-out step, runnable as printed: `--agent` is named when the step's
 * holder is not who a command runs as by default (`defaultAgent`: $TRACK_AGENT, else the OS user).
 * Skipping it is reserved to its holder too.
 */
export function closeCommand(
  verb: 'complete' | 'approve' | 'fail' | 'skip' | 'release',
  stepId: string,
  holder: string | null,
  defaultAgent?: string | null,
): string {
  const who = holder && holder !== defaultAgent ? ` --agent ${holder}` : '';
  return `track step ${verb} --step-id ${stepId}${who}`;
}

/** An approval step held by someone who is not one of its approvers: they can only give it back. */
export const heldByNonApprover = (h: Pick<Handoff, 'action_type' | 'holder' | 'approvers'>): boolean =>
  h.action_type === 'approval' && h.holder !== null && (h.approvers?.length ?? 0) > 0 && !h.approvers?.includes(h.holder);

export function handoffFor(step: Step, steps: readonly Step[], instructions?: string, defaultAgent?: string | null): Handoff {
  const a = step.action;
  const holder = step.claim?.holder ?? null;
  const verb = a.type !== 'approval' ? 'complete' : heldByNonApprover({ action_type: a.type, holder, approvers: a.approvers }) ? 'release' : 'approve';
  const close = closeCommand(verb, step.step_id, holder, defaultAgent);
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
