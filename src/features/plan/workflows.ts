import { join } from 'node:path';
import { TrackError } from '../../core/errors.js';
import { type Step, type WorkflowTask, workflowDefinitionSchema } from '../../core/schema.js';
import { assertNoUnknownKeys } from '../../core/unknown-keys.js';
import { parseInput } from '../../core/validate.js';
import { projectDirOf } from '../../store/file/paths.js';
import { readWorkflowFile } from '../../store/user-files/structured-file.js';

/** Workflow definitions live in `workflows/` beside the tracks root (`.claude/conductor/workflows`). */
export const workflowsFolder = (root: string): string => join(root, '..', 'workflows');

/** The tasks of a run-workflow step: inline in the plan, else from its definition file. */
export async function workflowTasks(root: string, step: Step): Promise<WorkflowTask[]> {
  if (step.action.tasks?.length) return step.action.tasks;
  const name = step.action.workflow ?? '';
  const found = await readWorkflowFile(workflowsFolder(root), name, projectDirOf(root));
  if (!found) {
    throw new TrackError(
      'NOT_FOUND',
      `workflow '${name}' not found in ${workflowsFolder(root)}`,
      `create ${workflowsFolder(root)}/${name}.yaml with a 'tasks' list`,
      {
        workflow: name,
      },
    );
  }
  assertNoUnknownKeys(workflowDefinitionSchema, found.value, found.path);
  return parseInput(workflowDefinitionSchema, found.value, 'workflow').tasks;
}
