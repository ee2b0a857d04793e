import { ValidationError } from '../../../core/errors.js';
import { BACKOFFS, type Backoff } from '../../../core/vocab.js';
import type { StepFields } from '../../../features/plan/plan.js';
import { type Invocation, listOption, str, strs } from '../command.js';

/** The step id from --step-id or the first positional. */
export function stepIdArg(inv: Invocation, command: string): string {
  const fromOption = str(inv, 'step-id');
  const fromPositional = inv.positionals[0];
  if (fromOption && fromPositional && fromOption !== fromPositional) {
    throw new ValidationError(`two different step ids given ('${fromOption}' and '${fromPositional}')`, 'pass the id once');
  }
  const id = fromOption ?? fromPositional;
  if (!id) throw new ValidationError(`${command} needs --step-id <id>`, `track ${command} --step-id step-001`);
  return id;
}

function numberOption(inv: Invocation, name: string): number | undefined {
  const raw = str(inv, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new ValidationError(`--${name} must be a number, got '${raw.slice(0, 20)}'`, `e.g. --${name} 3`);
  return n;
}

export function stepFieldsArg(inv: Invocation): StepFields {
  const backoff = str(inv, 'backoff');
  if (backoff !== undefined && !BACKOFFS.includes(backoff as Backoff)) {
    throw new ValidationError(`invalid --backoff '${backoff.slice(0, 20)}': must be one of ${BACKOFFS.join(', ')}`, '--backoff exponential');
  }
  const many = (name: string) => (inv.values[name] === undefined ? undefined : listOption(inv, name));
  return {
    step_id: str(inv, 'step-id'),
    name: str(inv, 'name'),
    type: str(inv, 'type'),
    action_type: str(inv, 'action-type'),
    command: str(inv, 'command'),
    workflow: str(inv, 'workflow'),
    agent: str(inv, 'agent'),
    instructions: str(inv, 'instructions'),
    path: str(inv, 'path'),
    description: str(inv, 'description'),
    depends_on: many('depends-on'),
    success_criteria: inv.values['success-criteria'] === undefined ? undefined : strs(inv, 'success-criteria'),
    approvers: many('approver'),
    timeout_minutes: numberOption(inv, 'timeout-minutes'),
    max_attempts: numberOption(inv, 'max-attempts'),
    backoff: backoff as Backoff | undefined,
    delay_seconds: numberOption(inv, 'delay-seconds'),
  };
}

/** `--output name=value`, repeatable. */
export function outputsArg(inv: Invocation): Record<string, string> | undefined {
  const pairs = strs(inv, 'output');
  if (!pairs.length) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ValidationError(`--output '${pair.slice(0, 40)}' is not name=value`, '--output result=ok');
    const name = pair.slice(0, eq);
    if (Object.hasOwn(out, name) || ['__proto__', 'constructor', 'prototype'].includes(name)) {
      throw new ValidationError(`output '${name.slice(0, 40)}' given twice or not allowed`, 'give each output once');
    }
    out[name] = pair.slice(eq + 1);
  }
  return out;
}
