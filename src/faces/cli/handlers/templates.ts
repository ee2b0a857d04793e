import { ValidationError } from '../../../core/errors.js';
import { createFromTemplate, getTemplate, listTemplates, saveTemplate } from '../../../features/templates/templates.js';
import { flag, type Invocation, str, strs } from '../command.js';
import type { Output } from '../output.js';
import { dim } from '../output.js';
import { trackDetails } from '../render.js';
import { openStore } from './open-store.js';
import { conflictLines } from './planning.js';
import { startCommand } from './start-command.js';

export async function list(inv: Invocation): Promise<Output> {
  const entries = listTemplates(openStore(inv.global));
  return {
    json: {
      templates: entries.map((e) => ({
        name: e.template.name,
        source: e.source,
        type: e.template.type,
        description: e.template.description,
        steps: e.template.steps.length,
      })),
    },
    human: [
      dim(`${'TEMPLATE'.padEnd(16)} ${'SOURCE'.padEnd(8)} ${'TYPE'.padEnd(13)} STEPS  DESCRIPTION`),
      ...entries.map(
        (e) =>
          `${e.template.name.padEnd(16)} ${e.source.padEnd(8)} ${e.template.type.padEnd(13)} ${String(e.template.steps.length).padStart(5)}  ${e.template.description}`,
      ),
    ],
  };
}

export async function show(inv: Invocation): Promise<Output> {
  const name = inv.positionals[0];
  if (!name) throw new ValidationError('template show needs a template name', 'track template show feature');
  const entry = getTemplate(openStore(inv.global), { name });
  const t = entry.template;
  const human = [
    `${t.name} ${dim(`(${entry.source}${entry.file ? `: ${entry.file}` : ''})`)}`,
    `  type ${t.type}${t.priority ? `   priority ${t.priority}` : ''}`,
    `  ${t.description}`,
    `  goal      ${t.goal}`,
    ...t.variables.map(
      (v) =>
        `  var       ${v.name}${v.default !== undefined ? ` = ${v.default}` : v.required === false ? ' (optional)' : ' (required)'}${v.description ? dim(`  ${v.description}`) : ''}`,
    ),
    ...t.steps.map((s) => `  step ${String(s.order + 1).padStart(2)}   ${s.step_id.padEnd(14)} ${s.action.type.padEnd(12)} ${s.name}`),
  ];
  return { json: entry, human };
}

export async function save(inv: Invocation): Promise<Output> {
  const name = str(inv, 'name');
  if (!name) throw new ValidationError('template save needs --name', 'track template save --from <track-id> --name my-template');
  const entry = await saveTemplate(openStore(inv.global), {
    from: str(inv, 'from'),
    name,
    description: str(inv, 'description'),
    overwrite: flag(inv, 'overwrite'),
  });
  return { json: entry, human: [`saved template ${entry.template.name} (${entry.template.steps.length} steps) to ${entry.file}`] };
}

function parseVars(pairs: string[]): Record<string, string> {
  const vars: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ValidationError(`invalid --var '${pair.slice(0, 60)}': use NAME=VALUE`, '--var test_command=pytest');
    vars[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return vars;
}

export async function create(inv: Invocation): Promise<Output> {
  const template = str(inv, 'template');
  const name = str(inv, 'name');
  if (!template || !name)
    throw new ValidationError(
      'template create needs --template and --name',
      'track template create --template feature --name "Login" --goal "Users can log in"',
    );
  const store = openStore(inv.global);
  const { track, conflicts, active_track_id } = await createFromTemplate(store, {
    template,
    name,
    goal: str(inv, 'goal'),
    priority: str(inv, 'priority'),
    parent: str(inv, 'parent'),
    id: str(inv, 'id'),
    vars: parseVars(strs(inv, 'var')),
  });
  return {
    json: { track, conflicts },
    human: [
      `created ${track.track_id} (draft) from template ${template}`,
      ...trackDetails(track).slice(1),
      ...conflictLines(conflicts),
      `next: ${startCommand(track.track_id, active_track_id)}`,
    ],
  };
}
