import { ValidationError } from '../../../core/errors.js';
import { cmd, hint } from '../../../core/hint.js';
import { aStep } from '../../../core/step-fields.js';
import { addStep, editStep, loadPlanFile, moveStepTo, removeStep, setPlan } from '../../../features/plan/plan.js';
import { showTrack } from '../../../features/tracks/queries.js';
import { type Invocation, str, trackIdArg } from '../command.js';
import { shellQuote } from '../corrected.js';
import type { Output } from '../output.js';
import { planWithActions } from '../render-actions.js';
import { planLines } from '../render-plan.js';
import { openStore } from './open-store.js';
import { stepFieldsArg, stepIdArg } from './step-args.js';

const trackOption = (inv: Invocation) => str(inv, 'track-id');

const optionOf = (field: string): string => `--${field === 'approvers' ? 'approver' : field.replaceAll('_', '-')}`;

/** The command line of this invocation, as the user could have typed it, with `option` set to `value`. */
function commandLine(command: string, inv: Invocation, option: string, value: string): string {
  const words = ['track', command, ...inv.positionals];
  for (const [name, given] of Object.entries({ ...inv.values, [option]: value })) {
    for (const v of Array.isArray(given) ? given : [given]) {
      if (v === true) words.push(`--${name}`);
      else if (typeof v === 'string') words.push(`--${name}`, v);
    }
  }
  return words.map((w, i) => (i < 2 ? w : shellQuote(w))).join(' ');
}

/**
 * A step field error of the plan service phrased with the options of `track step add|edit`: which
 * do not apply to the step's action type, which do, and (when one action type takes them all) the
 * command line that changes the type too.
 */
async function withOptionNames<T>(command: string, inv: Invocation, run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (error) {
    const d = error instanceof ValidationError ? (error.details ?? {}) : {};
    if (!(error instanceof ValidationError) || !Array.isArray(d.applicable) || typeof d.action_type !== 'string') throw error;
    const takes = `${aStep(d.action_type)} takes ${d.applicable.map(String).map(optionOf).join(', ')}`;
    if (!Array.isArray(d.not_applicable)) throw new ValidationError(error.message, takes, d);
    const wrong = d.not_applicable.map(String).map(optionOf);
    const to = Array.isArray(d.action_types) ? d.action_types.map(String)[0] : undefined;
    throw new ValidationError(
      `${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not apply to step '${String(d.step_id)}', ${aStep(d.action_type)}`,
      `${takes}${to ? `; to make it ${aStep(to)}: ${commandLine(command, inv, 'action-type', to)}` : ''}`,
      d,
    );
  }
}

export async function add(inv: Invocation): Promise<Output> {
  const fields = stepFieldsArg(inv);
  if (!fields.name || !fields.action_type) {
    throw new ValidationError(
      'step add needs --name and --action-type',
      'track step add --name "Run tests" --type testing --action-type run-command --command "npm test"',
    );
  }
  const r = await withOptionNames('step add', inv, addStep(openStore(inv.global), { track_id: trackOption(inv), ...fields }));
  return { json: r, human: [`added ${r.step?.step_id} to ${r.track.track_id}`, ...planLines(r.track)] };
}

export async function edit(inv: Invocation): Promise<Output> {
  const id = stepIdArg(inv, 'step edit');
  const r = await withOptionNames('step edit', inv, editStep(openStore(inv.global), { ...stepFieldsArg(inv), track_id: trackOption(inv), step_id: id }));
  return { json: r, human: [`edited ${r.step?.step_id}`, ...planLines(r.track)] };
}

export async function remove(inv: Invocation): Promise<Output> {
  const id = stepIdArg(inv, 'step remove');
  const r = await removeStep(openStore(inv.global), { track_id: trackOption(inv), step_id: id });
  return { json: r, human: [`removed ${id}`, ...planLines(r.track)] };
}

export async function move(inv: Invocation): Promise<Output> {
  const position = Number(str(inv, 'position'));
  if (!Number.isInteger(position) || position < 1)
    throw new ValidationError('step move needs --position N (1 = first)', 'track step move --step-id step-003 --position 1');
  const r = await moveStepTo(openStore(inv.global), { track_id: trackOption(inv), step_id: stepIdArg(inv, 'step move'), position });
  return { json: r, human: [`moved ${r.step?.step_id} to position ${position}`, ...planLines(r.track)] };
}

export async function set(inv: Invocation): Promise<Output> {
  const file = str(inv, 'file') ?? inv.positionals[0];
  if (!file) throw new ValidationError('plan set needs a plan file', hint`${cmd('plan_set', { file: 'plan.yaml' })}`);
  const store = openStore(inv.global);
  const r = await setPlan(store, { track_id: trackOption(inv), plan: await loadPlanFile(file, store.projectDir) });
  return { json: r, human: [`plan of ${r.track.track_id}: ${r.track.steps.length} steps`, ...planLines(r.track)] };
}

export async function show(inv: Invocation): Promise<Output> {
  const track = await showTrack(openStore(inv.global), { track_id: trackIdArg(inv) });
  return { json: { track_id: track.track_id, steps: track.steps, execution: track.execution, progress: track.progress }, human: planWithActions(track) };
}
