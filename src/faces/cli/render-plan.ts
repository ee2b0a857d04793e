import { byOrder } from '../../core/plan.js';
import { closeCommand, type Handoff, heldByNonApprover } from '../../core/plan-handoff.js';
import type { Run, Step, Track } from '../../core/schema.js';
import { defaultAgent } from '../../features/plan/agent-name.js';
import { resumeCommand, retryHint } from '../../features/plan/next-outcome.js';
import type { NextResult } from '../../features/plan/step-start.js';
import { type IdlePrimer, pausedLine } from '../../features/primer/primer-idle.js';
import { bold, cyan, dim, green, red, yellow } from './output.js';
import { statusText } from './render.js';

const GLYPH: Record<Step['status'], string> = { pending: '·', 'in-progress': '▶', completed: '✓', failed: '✗', skipped: '–' };
const STEP_COLOUR: Record<Step['status'], (s: string) => string> = { pending: (s) => s, 'in-progress': yellow, completed: green, failed: red, skipped: dim };

export function stepLine(step: Step): string {
  const holder = step.claim ? ` (${step.claim.holder})` : '';
  const deps = step.depends_on.length ? dim(` after ${step.depends_on.join(', ')}`) : '';
  // Padded before it is coloured: colour codes take no room on screen, so they must not count.
  const state = STEP_COLOUR[step.status](`${GLYPH[step.status]} ${step.status}${holder}`.padEnd(24));
  return `  ${step.step_id.padEnd(16)} ${state} ${step.name} ${dim(`[${step.action.type}]`)}${deps}`;
}

export function planLines(track: Track): string[] {
  if (!track.steps.length) return [dim("  (no steps: 'track step add' or 'track plan set FILE')")];
  return [...track.steps].sort(byOrder).map(stepLine);
}

export function progressBar(track: Track, width = 30): string {
  const p = track.progress;
  const filled = Math.round((p.percentage / 100) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${p.completed_steps}/${p.total_steps} steps ${p.percentage}%`;
}

export function handoffLines(h: Handoff): string[] {
  const lines = [
    `${cyan('→')} ${bold(h.step_id)} ${h.name} ${dim(`[${h.action_type}]`)}${h.holder ? ` handed to ${h.holder}` : ''}${h.agent ? dim(` (agent: ${h.agent})`) : ''}`,
  ];
  if (h.description) lines.push(`  about:        ${h.description}`);
  if (h.instructions) lines.push(`  instructions: ${h.instructions}`);
  if (h.path) lines.push(`  file:         ${h.path}`);
  for (const i of h.inputs)
    lines.push(`  input ${i.name} = ${i.value ?? dim('(not available yet)')}${i.from_step ? dim(` (from ${i.from_step}.${i.output})`) : ''}`);
  for (const c of h.success_criteria) lines.push(`  success:      ${c}`);
  if (h.approvers?.length) lines.push(`  approvers:    ${h.approvers.join(', ')}`);
  const me = defaultAgent();
  const approver = h.approvers?.[0];
  if (heldByNonApprover(h) && approver) {
    lines.push(`  hand back:    ${h.close_with}`);
    lines.push(dim(`                ${h.holder} may not approve it; once given back, an approver runs: ${closeCommand('approve', h.step_id, approver, me)}`));
    return lines;
  }
  lines.push(`  when done:    ${h.close_with}`);
  lines.push(
    dim(
      `                optional: --output NAME=VALUE (repeatable) and --notes TEXT record what it produced; to give it up instead: ${closeCommand('fail', h.step_id, h.holder, me)}, or ${closeCommand('skip', h.step_id, h.holder, me)}`,
    ),
  );
  return lines;
}

export function runLine(run: Run): string {
  const last = run.attempts.at(-1);
  const exit = last ? `, exit ${last.exit_code ?? last.signal ?? '?'}` : '';
  const took = last?.duration_ms !== undefined ? `, ${(last.duration_ms / 1000).toFixed(1)}s` : '';
  return `${run.run_id} ${run.step_id ?? run.selected_workflow ?? run.workflow_id} ${statusText(run.status)}${exit}${took}${run.error ? dim(` — ${run.error}`) : ''}`;
}

function trackNote(r: NextResult): string[] {
  const id = r.track.track_id;
  if (r.track.status === 'completed') return [cyan(`track ${id} completed (all steps done)`)];
  if (r.ready_to_complete) return [`all steps are done — finish with: track complete ${id}`];
  if (r.track.status === 'paused' && r.paused_on_failure) return [yellow(`track ${id} paused (pause_on_failure); after fixing: ${resumeCommand(r)}`)];
  if (r.track.status === 'paused') return [yellow(`track ${id} was paused while the step ran; its result is kept — go on with: ${resumeCommand(r)}`)];
  if (r.track.status === 'failed') return [red(`track ${id} failed`)];
  return [];
}

function recoveryLine(r: NextResult, rec: NextResult['recovered'][number]): string {
  if (rec.exit_code !== undefined) {
    const who = rec.pid ? ` (pid ${rec.pid})` : '';
    const then = rec.continues_at
      ? `the workflow goes on from task '${rec.continues_at}'`
      : rec.outcome === 'retry'
        ? r.kind === 'dry-run'
          ? 'would run it again'
          : 'running it again'
        : `the step is ${rec.outcome}`;
    return `! ${rec.step_id}: its command exited with code ${rec.exit_code} after the process running it${who} was gone; ${r.kind === 'dry-run' ? 'that result would be' : 'that result was'} recorded — ${then}`;
  }
  if (rec.outcome === 'completed' || rec.outcome === 'failed') {
    return `! ${rec.step_id}: ${rec.run_id} had finished (${rec.outcome}); its recorded result ${r.kind === 'dry-run' ? 'would be' : 'was'} applied, the command is not run again`;
  }
  const what = rec.run_id ? `${rec.run_id} was interrupted${rec.pid ? ` (pid ${rec.pid} is gone)` : ''}` : 'it had no live run';
  const stopped = rec.stopped_pid
    ? `; the command it left running (pid ${rec.stopped_pid}) ${r.kind === 'dry-run' ? 'would be stopped first' : 'was stopped'}`
    : '';
  const then =
    r.kind === 'dry-run'
      ? 'would be marked so and made pending'
      : rec.outcome === 'retry'
        ? 'running it again'
        : "it is pending again — 'track next' runs it again";
  return `! ${rec.step_id}: ${what}${stopped}; ${then}`;
}

/** `checkpointShown`: the pre-step checkpoint was already announced, before the step's command ran. */
export function nextLines(r: NextResult, options: { checkpointShown?: boolean; agent?: string | undefined } = {}): string[] {
  const lines: string[] = [];
  for (const rec of r.recovered) lines.push(yellow(recoveryLine(r, rec)));
  if (r.checkpoint_id && !options.checkpointShown) lines.push(dim(`pre-step checkpoint ${r.checkpoint_id}`));
  switch (r.kind) {
    case 'completed':
      lines.push(`${green('✓')} ${bold(r.step?.step_id ?? '')} ${r.step?.name ?? ''} completed${r.run ? dim(` (${runLine(r.run)})`) : ''}`);
      if (r.branch) lines.push(`  branch ${bold(r.branch.label)}${r.branch.skipped.length ? ` — skipped ${r.branch.skipped.join(', ')}` : ''}`);
      break;
    case 'handed-off':
      if (r.handoff) lines.push(...handoffLines(r.handoff));
      break;
    case 'waiting':
      lines.push(
        r.waiting_on?.length
          ? `no runnable step; waiting on ${r.waiting_on.map((w) => `${w.step_id} (${w.status}${w.holder ? `, ${w.holder}` : ''})`).join(', ')}`
          : 'no runnable step',
      );
      for (const w of r.waiting_on ?? [])
        if (w.status === 'failed') lines.push(`  ${w.step_id} failed; after fixing the cause, retry it: ${retryHint(w.step_id, options.agent)}`);
      break;
    case 'all-done':
      if (!r.track.steps.length) lines.push("the plan has no steps: 'track step add …' or 'track plan set FILE'");
      else if (!r.ready_to_complete && r.track.status !== 'completed') lines.push('all steps are done');
      break;
    case 'superseded':
      lines.push(yellow(`${r.step?.step_id}: the step changed while its run was going (${r.step?.status}); the result was recorded in ${r.run?.run_id} only`));
      break;
    case 'dry-run':
      lines.push(`${bold('dry run')} — nothing was written or executed`);
      if (r.step) lines.push(stepLine(r.step));
      for (const [k, v] of Object.entries(r.would ?? {})) if (k !== 'handoff') lines.push(`  ${k.padEnd(16)} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
      break;
    default:
      break;
  }
  return [...lines, ...trackNote(r)];
}

export function statusLines(track: Track, lastRun: Run | null): string[] {
  const p = track.progress;
  const counts = Object.entries(p.by_status)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(' · ');
  const lines = [
    `${bold(track.name)} ${dim(`(${track.track_id})`)}  ${statusText(track.status)}  ${track.priority}${track.lane ? dim(`  lane ${track.lane}`) : ''}`,
    `  goal: ${track.context.goal}`,
    `  ${progressBar(track)}${counts ? dim(`   ${counts}`) : ''}`,
    '',
    ...planLines(track),
  ];
  const current = track.steps.find((s) => s.step_id === p.current_step_id);
  if (current)
    lines.push('', `current: ${bold(current.step_id)} ${current.name}${current.action.instructions ? ` — ${current.action.instructions.split('\n')[0]}` : ''}`);
  if (lastRun) lines.push(`last run: ${runLine(lastRun)}`);
  return lines;
}

/** `track status` with no track active: the paused tracks, most recent first, and how to resume one. */
export function idleLines(idle: IdlePrimer): string[] {
  const lines = [bold('no track is active')];
  if (idle.paused_tracks.length) {
    lines.push(`paused (${idle.paused_total}, most recent first):`, ...idle.paused_tracks.map((t) => `  ${pausedLine(t)}`));
    const more = idle.paused_total - idle.paused_tracks.length;
    if (more > 0) lines.push(dim(`  … and ${more} more: track list --status paused`));
  }
  return [...lines, `next: ${idle.next_action}`];
}
