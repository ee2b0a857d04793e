import { ValidationError } from '../../core/errors.js';
import { hint, opt } from '../../core/hint.js';
import type { Step, TrackTemplate } from '../../core/schema.js';

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]{0,31})\s*\}\}/g;
/** Values that end up inside a shell command must be plain words: no spaces, quotes or metacharacters. */
const SHELL_SAFE = /^[A-Za-z0-9 ._/:@%+=,-]*$/;
const BUILTIN_VARIABLES = ['name', 'goal'] as const;

export type TemplateValues = Record<string, string>;

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Every text of a template that may hold placeholders, with whether it is a shell command. */
function templateTexts(t: TrackTemplate): Array<{ text: string; shell: boolean }> {
  const out: Array<{ text: string; shell: boolean }> = [];
  const add = (text: string | undefined, shell = false) => {
    if (text !== undefined) out.push({ text, shell });
  };
  add(t.goal);
  add(t.track_description);
  for (const s of [...t.success_criteria, ...t.target_files, ...t.target_directories, ...t.tags]) add(s);
  for (const step of t.steps) {
    add(step.name);
    add(step.description);
    add(step.action.command, true);
    add(step.action.instructions);
    add(step.action.path);
    add(step.action.workflow);
  }
  return out;
}

/** Checks that every placeholder a template uses is declared (or built in). */
export function assertTemplateConsistent(t: TrackTemplate): void {
  const declared = new Set<string>([...BUILTIN_VARIABLES, ...t.variables.map((v) => v.name)]);
  for (const { text } of templateTexts(t)) {
    for (const name of placeholders(text)) {
      if (!declared.has(name)) {
        throw new ValidationError(
          `template '${t.name}' uses the undeclared variable {{${name}}}`,
          `declare it under "variables" in the template, or remove it`,
        );
      }
    }
  }
}

/**
 * The values a template is filled with: the given ones, then the declared defaults. Unknown
 * names, missing required values and unsafe values for shell commands are refused.
 */
export function resolveValues(t: TrackTemplate, given: TemplateValues): TemplateValues {
  const declared = new Map(t.variables.map((v) => [v.name, v]));
  const values: TemplateValues = Object.create(null);
  for (const [name, value] of Object.entries(given)) {
    if (!declared.has(name) && !(BUILTIN_VARIABLES as readonly string[]).includes(name)) {
      const known = [...BUILTIN_VARIABLES, ...declared.keys()].join(', ');
      throw new ValidationError(`template '${t.name}' has no variable '${name.slice(0, 40)}'`, `its variables are: ${known}`);
    }
    if (value.length > 2_000 || /[\r\n\0]/.test(value))
      throw new ValidationError(`the value of '${name}' must be one line of at most 2000 characters`, 'shorten it');
    values[name] = value;
  }
  for (const v of declared.values()) {
    if (values[v.name] !== undefined) continue;
    if (v.default !== undefined) values[v.name] = v.default;
    else if (v.required !== false) {
      throw new ValidationError(
        `template '${t.name}' needs a value for '${v.name}'${v.description ? ` (${v.description})` : ''}`,
        hint`pass ${opt('vars', { [v.name]: 'VALUE' })}`,
      );
    }
  }
  const shellNames = new Set(templateTexts(t).flatMap(({ text, shell }) => (shell ? placeholders(text) : [])));
  for (const name of shellNames) {
    const value = values[name] ?? '';
    if (!SHELL_SAFE.test(value)) {
      throw new ValidationError(
        `the value of '${name}' is used in a shell command and may only hold letters, digits, spaces and ._/:@%+=,-`,
        hint`pass a plain word with ${opt('vars', { [name]: 'VALUE' })}`,
      );
    }
  }
  return values;
}

const fill = (text: string, values: TemplateValues): string => text.replace(PLACEHOLDER, (_m, name: string) => values[name] ?? '');
const fillOptional = (text: string | undefined, values: TemplateValues): string | undefined => (text === undefined ? undefined : fill(text, values));

function fillStep(step: Step, values: TemplateValues): Step {
  const action = { ...step.action };
  for (const key of ['command', 'instructions', 'path', 'workflow'] as const) {
    const filled = fillOptional(action[key], values);
    if (filled !== undefined) action[key] = filled;
  }
  const description = fillOptional(step.description, values);
  return { ...step, name: fill(step.name, values), ...(description !== undefined ? { description } : {}), action, status: 'pending' };
}

export interface FilledTemplate {
  goal: string;
  description: string | undefined;
  tags: string[];
  success_criteria: string[];
  target_files: string[];
  target_directories: string[];
  steps: Step[];
}

/** The template's texts with every placeholder replaced by its value. */
export function fillTemplate(t: TrackTemplate, values: TemplateValues): FilledTemplate {
  const many = (items: string[]) => items.map((s) => fill(s, values)).filter((s) => s.trim() !== '');
  return {
    goal: fill(t.goal, values),
    description: fillOptional(t.track_description, values),
    tags: many(t.tags),
    success_criteria: many(t.success_criteria),
    target_files: many(t.target_files),
    target_directories: many(t.target_directories),
    steps: t.steps.map((s) => fillStep(s, values)),
  };
}

/** Run state a saved template must not carry into new tracks. */
const RUN_STATE = ['claim', 'approved_by', 'attempts', 'last_run_id', 'outputs', 'notes', 'started_at', 'completed_at'] as const;

/** A template made from an existing track: its plan, reset to pending; its goal becomes {{goal}}. */
export function templateFromTrack(
  track: {
    type: TrackTemplate['type'];
    priority: TrackTemplate['priority'];
    tags: string[];
    context: { success_criteria: string[]; target_files: string[]; target_directories: string[] };
    steps: Step[];
    track_id: string;
    name: string;
  },
  name: string,
  description?: string,
): TrackTemplate {
  const steps = track.steps.map((step) => {
    const copy: Record<string, unknown> = { ...step, status: 'pending' };
    for (const key of RUN_STATE) delete copy[key];
    return copy as Step;
  });
  return {
    format: 'track-template/1',
    name,
    description: description ?? `saved from ${track.track_id} (${track.name})`,
    type: track.type,
    ...(track.priority ? { priority: track.priority } : {}),
    variables: [],
    goal: '{{goal}}',
    tags: track.tags,
    success_criteria: track.context.success_criteria,
    target_files: track.context.target_files,
    target_directories: track.context.target_directories,
    steps,
  };
}
