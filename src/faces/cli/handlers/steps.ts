import { ValidationError } from '../../../core/errors.js';
import { commandLine } from '../../../core/face-commands.js';
import { cmd, hint } from '../../../core/hint.js';
import { nextStep } from '../../../features/plan/next.js';
import { requireStepOk, retryHint } from '../../../features/plan/next-outcome.js';
import { type LogStream, runLogs, runLogsText } from '../../../features/plan/run-logs.js';
import { listRuns } from '../../../features/plan/runs.js';
import { type CloseAction, closeStep } from '../../../features/plan/step-close.js';
import { goOnCommand } from '../../../features/plan/step-policy.js';
import type { NextResult, Started } from '../../../features/plan/step-start.js';
import { flag, type Invocation, str, trackIdArg } from '../command.js';
import { dim, type Output } from '../output.js';
import { nextLines, runLine, stepLine } from '../render-plan.js';
import { type Fd, writeFd } from '../terminal.js';
import { openStore } from './open-store.js';
import { outputsArg, stepIdArg } from './step-args.js';

/**
 * The terminal side of `next` and `step`: the command's output streams through (to stderr with
 * --json), the pre-step checkpoint is announced before the command runs, and whatever follows
 * starts on a line of its own even when the command's output did not end with a newline.
 */
class StepConsole {
  private announced = false;
  private unterminated: Fd | null = null;

  constructor(
    private readonly json: boolean,
    private readonly agent: string | undefined,
  ) {}

  readonly onOutput = (chunk: string, stream: 'stdout' | 'stderr'): void => {
    if (!chunk) return;
    const out: Fd = this.json || stream === 'stderr' ? 2 : 1;
    writeFd(out, chunk);
    this.unterminated = chunk.endsWith('\n') ? null : out;
  };

  readonly onBegin = (started: Started): void => {
    this.announced = true;
    if (started.checkpoint_id && !this.json) writeFd(1, `${dim(`pre-step checkpoint ${started.checkpoint_id}`)}\n`);
  };

  /** A failed or interrupted step makes the command exit 12; everything else is a normal result. */
  output(r: NextResult): Output {
    if (this.unterminated) writeFd(this.unterminated, '\n');
    this.unterminated = null;
    requireStepOk(r, this.agent);
    // What blocks the plan and failed: the same retry commands the text gives, for a caller that reads --json.
    const retry = (r.waiting_on ?? []).filter((w) => w.status === 'failed').map((w) => ({ step_id: w.step_id, command: retryHint(w.step_id, this.agent) }));
    return { json: retry.length ? { ...r, retry } : r, human: nextLines(r, { checkpointShown: this.announced, agent: this.agent }) };
  }
}

export async function next(inv: Invocation): Promise<Output> {
  const out = new StepConsole(inv.global.json, str(inv, 'agent'));
  const r = await nextStep(openStore(inv.global), {
    track_id: trackIdArg(inv),
    agent: str(inv, 'agent'),
    dry_run: flag(inv, 'dry-run'),
    onOutput: out.onOutput,
    onBegin: out.onBegin,
    forwardSignals: true,
  });
  return out.output(r);
}

export async function step(inv: Invocation): Promise<Output> {
  const out = new StepConsole(inv.global.json, str(inv, 'agent'));
  const r = await nextStep(openStore(inv.global), {
    track_id: str(inv, 'track-id'),
    step_id: stepIdArg(inv, 'step'),
    agent: str(inv, 'agent'),
    dry_run: flag(inv, 'dry-run'),
    onOutput: out.onOutput,
    onBegin: out.onBegin,
    forwardSignals: true,
  });
  return out.output(r);
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
    const r = await closeStep(openStore(inv.global), {
      action,
      track_id: str(inv, 'track-id'),
      step_id: stepIdArg(inv, `step ${action}`),
      agent: str(inv, 'agent'),
      outputs: action === 'complete' || action === 'approve' ? outputsArg(inv) : undefined,
      notes: str(inv, 'notes'),
    });
    const lines = [`${VERB[action]} ${r.step.step_id}`, stepLine(r.step)];
    if (r.track.status === 'completed') lines.push(`track ${r.track.track_id} completed (all steps done)`);
    else if (r.ready_to_complete) lines.push(`all steps are done — finish with: track complete ${r.track.track_id}`);
    else if (r.track.status === 'paused')
      lines.push(`track ${r.track.track_id} is paused; this is kept — go on with: ${goOnCommand(r.track.track_id, r.active_elsewhere)}`);
    else if (r.track.status !== 'active') lines.push(`track ${r.track.track_id} is ${r.track.status}`);
    else {
      const agent = str(inv, 'agent');
      lines.push(`next: ${commandLine('next', agent ? { agent } : {})}`);
    }
    return { json: r, human: lines };
  };
}

export async function runs(inv: Invocation): Promise<Output> {
  const list = await listRuns(openStore(inv.global), { track_id: trackIdArg(inv) });
  return { json: { runs: list }, human: list.length ? list.map(runLine) : ['no runs'] };
}

export async function logs(inv: Invocation): Promise<Output> {
  const bytes = str(inv, 'bytes');
  if (bytes !== undefined && !/^\d+$/.test(bytes))
    throw new ValidationError(`invalid --bytes '${bytes.slice(0, 20)}': a whole number of bytes`, hint`${cmd('run_logs', { max_bytes: 8000 })}`);
  const r = await runLogs(openStore(inv.global), {
    track_id: str(inv, 'track-id'),
    run_id: inv.positionals[0],
    step_id: str(inv, 'step-id'),
    stream: str(inv, 'stream') as LogStream | undefined,
    max_bytes: bytes === undefined ? undefined : Number(bytes),
  });
  return { json: r, human: runLogsText(r).replace(/\n$/, '') };
}
