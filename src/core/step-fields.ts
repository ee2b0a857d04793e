/** Which fields of `step add` / `step edit` mean something for which action type. Pure. */
import { type ActionType, AGENT_ACTIONS } from './vocab.js';

/** Fields that belong to some action types only; the rest (name, type, description, depends_on, success_criteria) fit every step. */
export type ActionField =
  | 'command'
  | 'workflow'
  | 'agent'
  | 'instructions'
  | 'path'
  | 'approvers'
  | 'timeout_minutes'
  | 'max_attempts'
  | 'backoff'
  | 'delay_seconds';

/** Steps `next` executes: a timeout and retries apply to their commands. */
const EXECUTED: readonly ActionType[] = ['run-command', 'run-workflow', 'conditional-branch'];

export const ACTION_FIELDS: Record<ActionField, readonly ActionType[]> = {
  command: ['run-command', 'conditional-branch'],
  workflow: ['run-workflow'],
  agent: AGENT_ACTIONS,
  instructions: AGENT_ACTIONS,
  path: ['edit-file', 'create-file'],
  approvers: ['approval'],
  timeout_minutes: EXECUTED,
  max_attempts: EXECUTED,
  backoff: EXECUTED,
  delay_seconds: EXECUTED,
};

/** The action fields a step of `type` takes. */
export const fieldsFor = (type: ActionType): ActionField[] =>
  (Object.keys(ACTION_FIELDS) as ActionField[]).filter((field) => ACTION_FIELDS[field].includes(type));

/** Of the fields `given`, those a step of `type` does not take (their values would be stored and never used). */
export const fieldsNotFor = (type: ActionType, given: readonly string[]): ActionField[] =>
  given.filter((field): field is ActionField => Object.hasOwn(ACTION_FIELDS, field) && !ACTION_FIELDS[field as ActionField].includes(type));

/** "a manual step", "an approval step". */
export const aStep = (type: string): string => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} step`;
