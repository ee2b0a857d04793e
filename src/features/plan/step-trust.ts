/**
 * The gate before a step's commands run: in a store shared through git, every command must be one
 * this clone wrote or approved (`track trust`); see core/trust.ts.
 */
import { UntrustedCommandError } from '../../core/errors.js';
import { isAgentAction } from '../../core/plan.js';
import type { Step, Track, WorkflowTask } from '../../core/schema.js';
import { type CommandRef, commandRef } from '../../core/trust.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { workflowTasks } from './workflows.js';

type WorkflowSource = Pick<StorePort, 'workflowsDir' | 'projectDir'>;

/** The commands running `step` executes, given its workflow's tasks (run-workflow). */
export function stepCommands(trackId: string, step: Step, tasks: readonly WorkflowTask[] | undefined): CommandRef[] {
  const a = step.action;
  if (isAgentAction(a.type)) return [];
  if (a.type !== 'run-workflow') return a.command ? [commandRef(trackId, step.step_id, a.command)] : [];
  const workflow = a.tasks?.length ? undefined : a.workflow;
  return (tasks ?? []).flatMap((t) => (t.command ? [commandRef(trackId, step.step_id, t.command, { task: t.name, ...(workflow ? { workflow } : {}) })] : []));
}

/**
 * The commands of `step` not approved in this clone; none when the store does not check trust.
 * A workflow definition that cannot be read has no commands here: running the step reports it.
 */
export async function untrustedCommands(store: WorkflowSource, reader: StoreReader, track: Track, step: Step): Promise<CommandRef[]> {
  const trusted = await reader.trustedCommands();
  if (!trusted) return [];
  let tasks: WorkflowTask[] | undefined;
  if (step.action.type === 'run-workflow') tasks = await workflowTasks(store, step).catch(() => undefined);
  return stepCommands(track.track_id, step, tasks).filter((c) => !trusted.has(c.sha256));
}

/** Refuses (UntrustedCommandError) a step about to run a command this clone has not approved. */
export function assertTrusted(untrusted: readonly CommandRef[]): void {
  const [first] = untrusted;
  if (first) throw new UntrustedCommandError(first.track_id, first.step_id, first.command, first);
}
