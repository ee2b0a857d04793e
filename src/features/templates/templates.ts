import { ConflictError, TrackError, UnsafePathError, ValidationError } from '../../core/errors.js';
import { cmd, hint, opt, run } from '../../core/hint.js';
import type { CreateInput } from '../../core/inputs.js';
import { decodeUtf8, parseJsonText, toJsonText, validateDocument } from '../../core/json.js';
import { TEMPLATE_NAME_PATTERN, type TrackTemplate, templateSchema } from '../../core/schema.js';
import { closest, didYouMean } from '../../core/suggest.js';
import { assertNoUnknownKeys } from '../../core/unknown-keys.js';
import { parseInput } from '../../core/validate.js';
import type { Priority } from '../../core/vocab.js';
import { atomicWriteFile, ensureDir } from '../../store/file/atomic-write.js';
import { io, isErrno } from '../../store/file/fs-seam.js';
import { safeJoin } from '../../store/file/paths.js';
import { readFileBytes } from '../../store/file/safe-json.js';
import type { StorePort } from '../../store/port.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { type CreateResult, createShapedTrack } from '../tracks/lifecycle.js';
import { BUILTIN_TEMPLATES } from './template-builtins.js';
import { assertTemplateConsistent, fillTemplate, resolveValues, type TemplateValues, templateFromTrack } from './template-fill.js';

const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;

export interface TemplateEntry {
  template: TrackTemplate;
  source: 'builtin' | 'user';
  /** The file a user template was read from. */
  file?: string;
}

/** User templates live beside the tracks root: `.claude/conductor/templates/<name>.json`. */

function assertTemplateName(name: string): string {
  if (!TEMPLATE_NAME_PATTERN.test(name)) {
    throw new ValidationError(
      `invalid template name ${JSON.stringify(name.slice(0, 80))}: use lowercase letters, digits and inner hyphens`,
      hint`${run('template_list')}`,
    );
  }
  return name;
}

/** The templates folder itself must be a real directory, not a link planted somewhere else. */
function userTemplateNames(dir: string): string[] {
  try {
    const st = io.lstatSync(dir);
    if (st.isSymbolicLink()) throw new UnsafePathError(dir, 'the templates folder is a symbolic link');
    if (!st.isDirectory()) throw new UnsafePathError(dir, 'the templates folder is not a directory');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  return io
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && TEMPLATE_NAME_PATTERN.test(f.slice(0, -5)))
    .map((f) => f.slice(0, -5))
    .sort();
}

function readUserTemplate(dir: string, name: string): TemplateEntry {
  const file = safeJoin(dir, `${name}.json`);
  const value = parseJsonText(decodeUtf8(readFileBytes(file, MAX_TEMPLATE_BYTES), file), file);
  // Templates are written by hand too: a mistyped key is refused, not silently dropped from every track made from it.
  assertNoUnknownKeys(templateSchema, value, file);
  const template = validateDocument(value, templateSchema, file);
  if (template.name !== name)
    throw new TrackError('CORRUPT_STORE', `${file} holds template '${template.name}', not '${name}'`, `rename the file to ${template.name}.json`);
  assertTemplateConsistent(template);
  return { template, source: 'user', file };
}

export function listTemplates(store: Pick<StorePort, 'templatesDir'>): TemplateEntry[] {
  const dir = store.templatesDir;
  const user = userTemplateNames(dir).map((name) => readUserTemplate(dir, name));
  const overridden = new Set(user.map((u) => u.template.name));
  const builtin = BUILTIN_TEMPLATES.filter((t) => !overridden.has(t.name)).map((template): TemplateEntry => ({ template, source: 'builtin' }));
  return [...builtin, ...user].sort((a, b) => a.template.name.localeCompare(b.template.name));
}

export function getTemplate(store: Pick<StorePort, 'templatesDir'>, { name }: { name: string }): TemplateEntry {
  assertTemplateName(name);
  const dir = store.templatesDir;
  const userNames = userTemplateNames(dir);
  if (userNames.includes(name)) return readUserTemplate(dir, name);
  const builtin = BUILTIN_TEMPLATES.find((t) => t.name === name);
  if (!builtin) {
    const near = closest(name, [...userNames, ...BUILTIN_TEMPLATES.map((t) => t.name)]);
    throw new TrackError(
      'NOT_FOUND',
      `no template named '${name}'`,
      near.length ? hint`${didYouMean(near)} (${cmd('template_list')} shows them all)` : hint`${run('template_list')} to see the templates`,
      { template: name, ...(near.length ? { did_you_mean: near } : {}) },
    );
  }
  return { template: builtin, source: 'builtin' };
}

/** Saves the plan of an existing track as a user template (one atomic file write, outside the tracks root). */
export async function saveTemplate(
  store: StorePort,
  options: { from?: string | undefined; name: string; description?: string | undefined; overwrite?: boolean | undefined },
): Promise<TemplateEntry> {
  const name = assertTemplateName(options.name);
  const track = await store.read((reader) => resolveTrack(reader, options.from));
  const template = parseInput(templateSchema, templateFromTrack(track, name, options.description), 'template');
  const dir = store.templatesDir;
  const existing = userTemplateNames(dir).includes(name);
  if (existing && !options.overwrite) {
    throw new ConflictError(
      `a user template named '${name}' already exists`,
      hint`choose another ${opt('name')}, or replace it: ${cmd('template_save', { ...(options.from ? { from: options.from } : {}), name, overwrite: true })}`,
      {
        template: name,
      },
    );
  }
  ensureDir(dir, store.projectDir);
  const file = safeJoin(dir, `${name}.json`);
  atomicWriteFile(file, toJsonText(template));
  return { template, source: 'user', file };
}

export interface CreateFromTemplateInput {
  template: string;
  name: string;
  goal?: string | undefined;
  priority?: string | undefined;
  parent?: string | undefined;
  id?: string | undefined;
  vars?: TemplateValues | undefined;
}

/** A draft track whose plan, criteria and targets come from the template, filled with the values; created by createTrack. */
export async function createFromTemplate(store: StorePort, input: CreateFromTemplateInput): Promise<CreateResult> {
  const { template } = getTemplate(store, { name: input.template });
  const values = resolveValues(template, { ...input.vars, name: input.name, ...(input.goal !== undefined ? { goal: input.goal } : {}) });
  const filled = fillTemplate(template, values);
  if (!filled.goal.trim()) throw new ValidationError(`template '${template.name}' needs a goal`, hint`pass ${opt('goal', 'what done looks like')}`);
  const fields: CreateInput = {
    name: input.name,
    type: template.type,
    goal: filled.goal,
    // Checked with every other field by createTrack's schema.
    priority: (input.priority ?? template.priority ?? 'P2') as Priority,
    description: filled.description,
    success_criteria: filled.success_criteria,
    tags: [...filled.tags, `template:${template.name}`],
    id: input.id,
    parent: input.parent,
    target_files: filled.target_files,
    target_directories: filled.target_directories,
  };
  return createShapedTrack(store, fields, (track) => ({
    ...track,
    steps: filled.steps,
    status_history: track.status_history.map((h) => (h.to === 'draft' && h.from === null ? { ...h, reason: `created from template ${template.name}` } : h)),
  }));
}
