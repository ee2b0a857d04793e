import { byOrder } from '../../core/plan.js';
import type { Step, Track } from '../../core/schema.js';
import { dim } from './output.js';
import { planLines, stepLine } from './render-plan.js';

/**
 * Control characters (a carriage return, terminal escape sequences) and bidirectional overrides
 * shown as escapes: a command from someone else's track must look on screen exactly as it runs.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.codePointAt(0)?.toString(16)}}`);
}

/** `label` then the text, continuation lines indented under the first. */
function block(label: string, text: string): string[] {
  const [first = '', ...rest] = visible(text).split('\n');
  return [`      ${label}${first}`, ...rest.map((line) => `      ${' '.repeat(label.length)}${line}`)];
}

/** What a step would do: every command it runs, else what it asks of an agent. */
export function actionLines(step: Step): string[] {
  const a = step.action;
  const lines: string[] = [];
  if (a.command) lines.push(...block('$ ', a.command));
  for (const task of a.tasks ?? []) {
    if (task.command) lines.push(...block(`${visible(task.name)}: $ `, task.command));
    else lines.push(...block(`${visible(task.name)}: `, `${task.agent ? `(${task.agent}) ` : ''}${task.instructions ?? ''}`));
  }
  if (a.workflow && !a.tasks?.length) lines.push(`      workflow ${visible(a.workflow)} ${dim('(its commands: workflows/ beside the tracks root)')}`);
  if (a.path) lines.push(`      file: ${visible(a.path)}`);
  if (a.instructions) lines.push(...block('instructions: ', a.instructions));
  return lines;
}

/** The plan with each step's commands and instructions under it (`track plan show`). */
export function planWithActions(track: Track): string[] {
  if (!track.steps.length) return planLines(track);
  return [...track.steps].sort(byOrder).flatMap((step) => [stepLine(step), ...actionLines(step)]);
}
