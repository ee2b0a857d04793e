/** Finding steps whose runner died: a run still 'running' whose owner process is provably gone. */
import { isAgentAction } from '../domain/plan.js';
import { maxAttempts } from '../domain/plan-retry.js';
import type { Run, Step, Track } from '../domain/schema.js';
import type { DocumentReader } from '../store/documents.js';
import { isProvablyGone } from '../store/process-identity.js';
import { findRun } from '../store/runs.js';
import { replaceStep } from './step-policy.js';

export interface Recovery {
  step_id: string;
  run_id: string | null;
  pid: number | null;
  /** 'retry': attempts remain and this `next` runs it again; 'handed-back': pending again, the caller decides. */
  outcome: 'retry' | 'handed-back';
}

export interface RecoveryResult {
  track: Track;
  runs: Run[];
  recovered: Recovery[];
}

export function withoutClaim(step: Step): Step {
  const copy = { ...step };
  delete copy.claim;
  return copy;
}

/**
 * Marks interrupted runs and puts their steps back to pending (the interrupted attempt counts).
 * A run whose owner may still be alive is left alone: it is running elsewhere.
 */
export function recoverInterrupted(reader: DocumentReader, track: Track, at: string): RecoveryResult {
  const runs: Run[] = [];
  const recovered: Recovery[] = [];
  let current = track;
  for (const step of track.steps) {
    if (step.status !== 'in-progress' || isAgentAction(step.action.type)) continue;
    const run = step.last_run_id ? findRun(reader, track.track_id, step.last_run_id) : null;
    if (run?.status === 'waiting') continue;
    if (run?.status === 'running' && !(run.owner && isProvablyGone(run.owner))) continue;
    const attempts = (step.attempts ?? 0) + 1;
    if (run?.status === 'running') {
      const who = run.owner ? `pid ${run.owner.pid} on ${run.owner.host}` : 'its process';
      runs.push({ ...run, status: 'interrupted', ended_at: at, error: `interrupted: the process running it (${who}) is gone` });
    }
    current = replaceStep(current, { ...withoutClaim(step), status: 'pending', attempts });
    recovered.push({
      step_id: step.step_id,
      run_id: run?.run_id ?? null,
      pid: run?.owner?.pid ?? null,
      outcome: attempts < maxAttempts(step) ? 'retry' : 'handed-back',
    });
  }
  return { track: current, runs, recovered };
}
