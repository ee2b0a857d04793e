import { ValidationError } from '../../domain/errors.js';
import { nextStep } from '../../service/next.js';
import { requireStepOk } from '../../service/next-outcome.js';
import { type LogStream, runLogs, runLogsText } from '../../service/run-logs.js';
import { listRuns, trackStatus } from '../../service/runs.js';
import { type CloseAction, closeStep } from '../../service/step-close.js';
import type { NextResult } from '../../service/step-start.js';
import { flag, type Invocation, str } from '../command.js';
import type { Output } from '../output.js';
import { idleLines, nextLines, runLine, statusLines, stepLine } from '../render-plan.js';
import { trackIdArg } from './lifecycle.js';
import { openStore } from './open-store.js';
import { outputsArg, stepIdArg } from './step-args.js';

/** A failed or interrupted step makes the command exit 12; everything else is a normal result. */
function toOutput(r: NextResult): Output {
  requireStepOk(r);
  return { json: r, human: nextLines(r) };
}

function streamOutput(inv: Invocation) {
  return (chunk: string, stream: 'stdout' | 'stderr') => {
    (inv.global.json || stream === 'stderr' ? process.stderr : process.stdout).write(chunk);
  };
}

export async function next(inv: Invocation): Promise<Output> {
  const r = await nextStep(openStore(inv.global), {
    trackId: trackIdArg(inv),
    agent: str(inv, 'agent'),
    dryRun: flag(inv, 'dry-run'),
    onOutput: streamOutput(inv),
    forwardSignals: true,
  });
  return toOutput(r);
}

export async function step(inv: Invocation): Promise<Output> {
  const r = await nextStep(openStore(inv.global), {
    trackId: str(inv, 'track-id'),
    stepId: stepIdArg(inv, 'step'),
    agent: str(inv, 'agent'),
    dryRun: flag(inv, 'dry-run'),
    onOutput: streamOutput(inv),
    forwardSignals: true,
  });
  return toOutput(r);
}

const VERB: Record<CloseAction, string> = {
  complete: 'completed',
  fail: 'failed',
  skip: 'skipped',
  approve: 'approved',
  release: 'released',
  reset: 'reset',
};

export function close(action: CloseAction) {
  return async (inv: Invocation): Promise<Output> => {
    const r = await closeStep(openStore(inv.global), action, {
      trackId: str(inv, 'track-id'),
      stepId: stepIdArg(inv, `step ${action}`),
      agent: str(inv, 'agent'),
      outputs: action === 'complete' || action === 'approve' ? outputsArg(inv) : undefined,
      notes: str(inv, 'notes'),
    });
    const lines = [`${VERB[action]} ${r.step.step_id}`, stepLine(r.step)];
    if (r.track.status === 'completed') lines.push(`track ${r.track.track_id} completed (all steps done)`);
    else if (r.ready_to_complete) lines.push(`all steps are done — finish with: track complete ${r.track.track_id}`);
    else if (r.track.status !== 'active') lines.push(`track ${r.track.track_id} is ${r.track.status}`);
    else lines.push('next: track next');
    return { json: r, human: lines };
  };
}

export async function status(inv: Invocation): Promise<Output> {
  const view = await trackStatus(openStore(inv.global), trackIdArg(inv));
  return { json: view, human: view.track ? statusLines(view.track, view.last_run) : idleLines(view) };
}

export async function runs(inv: Invocation): Promise<Output> {
  const list = await listRuns(openStore(inv.global), trackIdArg(inv));
  return { json: { runs: list }, human: list.length ? list.map(runLine) : ['no runs'] };
}

export async function logs(inv: Invocation): Promise<Output> {
  const bytes = str(inv, 'bytes');
  if (bytes !== undefined && !/^\d+$/.test(bytes))
    throw new ValidationError(`invalid --bytes '${bytes.slice(0, 20)}': a whole number of bytes`, 'track logs --bytes 8000');
  const r = await runLogs(openStore(inv.global), {
    trackId: str(inv, 'track-id'),
    runId: inv.positionals[0],
    stepId: str(inv, 'step-id'),
    stream: str(inv, 'stream') as LogStream | undefined,
    maxBytes: bytes === undefined ? undefined : Number(bytes),
  });
  return { json: r, human: runLogsText(r).replace(/\n$/, '') };
}
