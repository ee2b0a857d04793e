/** Whether a step waits on an agent, read without the machinery that runs steps: the primer needs only this. */

import { isAgentAction } from '../../core/plan.js';
import type { RunTaskRecord, Step, Track } from '../../core/schema.js';
import type { StoreReader } from '../../store/port.js';

/** A workflow run stopped at an agent task waits for its holder, like an agent step. */
export async function handedOut(reader: StoreReader, track: Track, step: Step): Promise<boolean> {
  if (isAgentAction(step.action.type)) return true;
  if (step.action.type !== 'run-workflow' || !step.last_run_id) return false;
  return (await reader.findRun(track.track_id, step.last_run_id))?.status === 'waiting';
}

/** The workflow task a run-workflow step waits at (handed to an agent), if any. */
export async function waitingTask(reader: StoreReader, track: Track, step: Step): Promise<RunTaskRecord | undefined> {
  if (step.action.type !== 'run-workflow' || !step.last_run_id) return undefined;
  const run = await reader.findRun(track.track_id, step.last_run_id);
  return run?.status === 'waiting' && run.next_task !== undefined ? run.tasks?.[run.next_task] : undefined;
}
