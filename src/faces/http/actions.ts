/**
 * The board's actions: each is one use case, its input named as the MCP tool's arguments. A body
 * is checked for its shape here (an object, known fields, each of its type); the use case checks
 * the values as it does for every face.
 */
import { ValidationError } from '../../core/errors.js';
import { createCheckpoint, restoreCheckpoint } from '../../features/checkpoints/checkpoints.js';
import { decide } from '../../features/notes/notes.js';
import { closeStep } from '../../features/plan/step-close.js';
import * as lifecycle from '../../features/tracks/lifecycle.js';
import type { StorePort } from '../../store/port.js';
import type { ActionInputs, ActionName } from './api.js';

/** `strings`: a list of strings; `texts`: an object of strings by name. */
type FieldType = 'string' | 'boolean' | 'strings' | 'texts';
type Fields<I> = { [K in keyof I]-?: { type: FieldType; required: boolean } };

interface Action<I> {
  fields: Fields<I>;
  run(store: StorePort, input: I): Promise<unknown>;
}

const text = { type: 'string', required: false } as const;
const needed = { type: 'string', required: true } as const;
const yes = { type: 'boolean', required: false } as const;
const list = { type: 'strings', required: false } as const;
const texts = { type: 'texts', required: false } as const;

const ACTIONS: { [N in ActionName]: Action<ActionInputs[N]> } = {
  activate: { fields: { track_id: text, reason: text, force: yes, take_over: yes }, run: lifecycle.activateTrack },
  switch: { fields: { to: needed, reason: text, force: yes, take_over: yes }, run: lifecycle.switchTrack },
  pause: { fields: { track_id: text, reason: text }, run: lifecycle.pauseTrack },
  resume: { fields: { track_id: text, reason: text }, run: lifecycle.resumeTrack },
  complete: { fields: { track_id: text, reason: text, force: yes }, run: lifecycle.completeTrack },
  step_approve: {
    fields: { track_id: text, step_id: needed, agent: text, notes: text, outputs: texts },
    run: (store, input) => closeStep(store, { action: 'approve', ...input }),
  },
  decide: { fields: { track_id: text, title: needed, rationale: text, alternatives: list, supersedes: text }, run: decide },
  checkpoint: { fields: { track_id: text, reason: text }, run: createCheckpoint },
  restore: { fields: { track_id: text, checkpoint_id: needed }, run: restoreCheckpoint },
};

export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

const TYPE_WORDS: Record<FieldType, string> = { string: 'a string', boolean: 'true or false', strings: 'a list of strings', texts: 'an object of strings' };

function isOfType(value: unknown, type: FieldType): boolean {
  if (type === 'strings') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (type === 'texts') return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  return typeof value === type;
}

const isAction = (name: string): name is ActionName => Object.hasOwn(ACTIONS, name);

function checkedInput(name: ActionName, fields: Record<string, { type: FieldType; required: boolean }>, body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError(`${name} takes a JSON object`);
  const input = body as Record<string, unknown>;
  const known = Object.keys(fields);
  for (const [field, value] of Object.entries(input)) {
    const spec = fields[field];
    if (!spec) throw new ValidationError(`${name} takes no field '${field.slice(0, 40)}' (it takes ${known.join(', ')})`);
    if (value !== undefined && !isOfType(value, spec.type)) throw new ValidationError(`${name}: '${field}' must be ${TYPE_WORDS[spec.type]}`);
  }
  const missing = known.filter((field) => fields[field]?.required && input[field] === undefined);
  if (missing.length) throw new ValidationError(`${name} needs ${missing.join(' and ')}`);
  return input;
}

/** Runs the named action on the store with a request's parsed body; an unknown name is a validation error. */
export function runAction(store: StorePort, name: string, body: unknown): Promise<unknown> {
  if (!isAction(name)) throw new ValidationError(`no action '${name.slice(0, 40)}' (the board's actions: ${ACTION_NAMES.join(', ')})`);
  const action = ACTIONS[name] as Action<Record<string, unknown>>;
  return action.run(store, checkedInput(name, action.fields, body));
}
