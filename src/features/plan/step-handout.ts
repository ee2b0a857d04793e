/** Whether a step waits on an agent, read without the machinery that runs steps: the primer needs only this. */

import { isAgentAction } from '../../core/plan.js';
import type { RunTaskRecord, Step, Track } from '../../core/schema.js';
import type { DocumentReader } from '../../store/file/documents.js';
import { findRun } from '../../store/file/runs.js';

/** A workflow run stopped at an agent task waits for its holder, like an agent step. */
export function handedOut(reader: DocumentReader, track: Track, step: Step): boolean {
  if (isAgentAction(step.action.type)) return true;
  if (step.action.type !== 'run-workflow' || !step.last_run_id) return false;
  return findRun(reader, track.track_id, step.last_run_id)?.status === 'waiting';
}

/** The workflow task a run-workflow step waits at (handed to an agent), if any. */
export function waitingTask(reader: DocumentReader, track: Track, step: Step): RunTaskRecord | undefined {
  if (step.action.type !== 'run-workflow' || !step.last_run_id) return undefined;
  const run = findRun(reader, track.track_id, step.last_run_id);
  return run?.status === 'waiting' && run.next_task !== undefined ? run.tasks?.[run.next_task] : undefined;
}
