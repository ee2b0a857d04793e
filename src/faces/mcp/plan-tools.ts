/**
 * The MCP tools that run and close steps. Their results are reports an agent acts on (the step,
 * its outcome, the end of a command's output, progress, what to do next), not the track document.
 */
import { nextStep } from '../../features/plan/next.js';
import { runLogs, runLogsText } from '../../features/plan/run-logs.js';
import { trackStatus } from '../../features/plan/runs.js';
import { type CloseAction, closeStep } from '../../features/plan/step-close.js';
import { closeReport, nextReport } from '../../features/plan/step-report.js';
import { nextInput, runLogsInput, stepCloseInput, stepCompleteInput, trackRefInput } from './inputs.js';
import { defineTool, type ToolSet, type TrackTool } from './tool.js';

/**
 * `next` runs a command step in this process: its output goes to the run's log files only (the
 * server's stdout is protocol), and its progress ticks become MCP progress notifications.
 */
export const nextTool = defineTool({
  name: 'next',
  set: 'core',
  description: 'Run the next step: runs commands, hands agent steps to you (then step_complete).',
  input: nextInput,
  run: async (a, ctx) => {
    let ticks = 0;
    const store = ctx.store();
    const result = await nextStep(store, {
      track_id: a.track_id,
      step_id: a.step_id,
      agent: a.agent,
      dry_run: a.dry_run,
      stop: ctx.stop,
      onOutput: () => {},
      onProgress: (p) => {
        ticks += 1;
        const task = p.task ? ` ${p.task}` : '';
        void ctx.progress({ progress: ticks, message: `${p.step_id}${task} attempt ${p.attempt}, ${Math.round(p.elapsed_ms / 1000)}s` }).catch(() => {});
      },
    });
    return nextReport(store, result, ctx.face, a.agent);
  },
});

export const closer = (action: CloseAction, set: ToolSet, description: string): TrackTool =>
  defineTool({
    name: `step_${action}`,
    set,
    description,
    input: action === 'complete' || action === 'approve' ? stepCompleteInput : stepCloseInput,
    run: async (a, ctx) => {
      const store = ctx.store();
      const outputs = 'outputs' in a ? (a.outputs as Record<string, string> | undefined) : undefined;
      const r = await closeStep(store, action, { track_id: a.track_id, step_id: a.step_id, agent: a.agent, notes: a.notes, outputs });
      return closeReport(store, r, ctx.face, a.agent);
    },
  });

export const statusTool = defineTool({
  name: 'status',
  set: 'extended',
  description: 'The track with its plan and its last run (with none active: the paused tracks).',
  input: trackRefInput,
  run: (a, ctx) => trackStatus(ctx.store(), a.track_id, ctx.face),
});

export const runLogsTool = defineTool({
  name: 'run_logs',
  set: 'core',
  description: "Tail of a run's stdout/stderr (default: the latest run).",
  input: runLogsInput,
  run: async (a, ctx) =>
    runLogsText(await runLogs(ctx.store(), { track_id: a.track_id, run_id: a.run_id, step_id: a.step_id, stream: a.stream, max_bytes: a.max_bytes })),
});
