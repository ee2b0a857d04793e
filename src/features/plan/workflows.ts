import { TrackError } from '../../core/errors.js';
import { type Step, type WorkflowTask, workflowDefinitionSchema } from '../../core/schema.js';
import { assertNoUnknownKeys } from '../../core/unknown-keys.js';
import { parseInput } from '../../core/validate.js';
import type { StorePort } from '../../store/port.js';
import { readWorkflowFile } from '../../store/user-files/structured-file.js';

/** The tasks of a run-workflow step: inline in the plan, else from its definition file. */
export async function workflowTasks(store: Pick<StorePort, 'workflowsDir' | 'projectDir'>, step: Step): Promise<WorkflowTask[]> {
  if (step.action.tasks?.length) return step.action.tasks;
  const name = step.action.workflow ?? '';
  const found = await readWorkflowFile(store.workflowsDir, name, store.projectDir);
  if (!found) {
    throw new TrackError(
      'NOT_FOUND',
      `workflow '${name}' not found in ${store.workflowsDir}`,
      `create ${store.workflowsDir}/${name}.yaml with a 'tasks' list`,
      {
        workflow: name,
      },
    );
  }
  assertNoUnknownKeys(workflowDefinitionSchema, found.value, found.path);
  return parseInput(workflowDefinitionSchema, found.value, 'workflow').tasks;
}
