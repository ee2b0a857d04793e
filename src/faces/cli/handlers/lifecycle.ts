import { ValidationError } from '../../../core/errors.js';
import { cmd, hint } from '../../../core/hint.js';
import { loadPlanFile } from '../../../features/plan/plan.js';
import * as lifecycle from '../../../features/tracks/lifecycle.js';
import { updateTrack } from '../../../features/tracks/update.js';
import { flag, type Invocation, listOption, str, strs, trackIdArg } from '../command.js';
import type { Output } from '../output.js';
import { trackDetails, transitionLines } from '../render.js';
import { openStore } from './open-store.js';
import { conflictLines } from './planning.js';
import { startCommand } from './start-command.js';

const optionalList = (items: string[]): string[] | undefined => (items.length ? items : undefined);

export async function create(inv: Invocation): Promise<Output> {
  const name = str(inv, 'name');
  const goal = str(inv, 'goal');
  if (!name || !goal)
    throw new ValidationError('create needs --name and --goal', 'track create --name "Auth" --goal "Add OAuth 2.0" [--type feature] [--priority P1]');
  const criteria = strs(inv, 'success-criteria');
  const tags = listOption(inv, 'tag');
  const store = openStore(inv.global);
  const planFile = str(inv, 'plan');
  const { track, conflicts, active_track_id } = await lifecycle.createTrack(store, {
    plan: planFile === undefined ? undefined : await loadPlanFile(planFile, store.projectDir),
    name,
    goal,
    type: str(inv, 'type') as never,
    priority: str(inv, 'priority') as never,
    description: str(inv, 'description'),
    success_criteria: optionalList(criteria),
    tags: optionalList(tags),
    id: str(inv, 'id'),
    parent: str(inv, 'parent'),
    target_files: optionalList(listOption(inv, 'target-file')),
    target_directories: optionalList(listOption(inv, 'target-dir')),
  });
  return {
    json: { ...track, conflicts },
    human: [
      `created ${track.track_id} (draft)`,
      ...trackDetails(track).slice(1),
      ...conflictLines(conflicts),
      `next: ${startCommand(track.track_id, active_track_id)}`,
    ],
  };
}

const MOVES: Record<string, [lifecycle.TrackMove, string]> = {
  ready: [lifecycle.readyTrack, 'readied'],
  pause: [lifecycle.pauseTrack, 'paused'],
  resume: [lifecycle.resumeTrack, 'resumed'],
  fail: [lifecycle.failTrack, 'failed'],
  archive: [lifecycle.archiveTrack, 'archived'],
};

const activationOutput = (result: lifecycle.ActivationResult, verb: string): Output => ({
  json: result,
  human: [...transitionLines(verb, result), ...conflictLines(result.conflicts)],
});

export function move(command: string) {
  return async (inv: Invocation): Promise<Output> => {
    const store = openStore(inv.global);
    const input = { track_id: trackIdArg(inv), reason: str(inv, 'reason') };
    if (command === 'cancel') {
      const result = await lifecycle.cancelTrack(store, { ...input, cascade: flag(inv, 'cascade') });
      return { json: result, human: [...result.cancelled_children.map((id) => `cancelled sub-track ${id}`), ...transitionLines('cancelled', result)] };
    }
    if (command === 'activate') {
      return activationOutput(await lifecycle.activateTrack(store, { ...input, force: flag(inv, 'force'), take_over: flag(inv, 'take-over') }), 'activated');
    }
    if (command === 'complete') {
      const result = await lifecycle.completeTrack(store, { ...input, force: flag(inv, 'force') });
      return { json: result, human: transitionLines('completed', result) };
    }
    const [fn, verb] = MOVES[command] as [lifecycle.TrackMove, string];
    const result = await fn(store, input);
    return { json: result, human: transitionLines(verb, result) };
  };
}

export async function switchTo(inv: Invocation): Promise<Output> {
  const to = trackIdArg(inv, 'to');
  if (!to) throw new ValidationError('switch needs --to <track-id>', hint`${cmd('switch', { to: 'track-perf-optimization-002' })}`);
  return activationOutput(
    await lifecycle.switchTrack(openStore(inv.global), { to, reason: str(inv, 'reason'), force: flag(inv, 'force'), take_over: flag(inv, 'take-over') }),
    'switched to',
  );
}

export async function update(inv: Invocation): Promise<Output> {
  const field = str(inv, 'field');
  const value = str(inv, 'value');
  if (!field || value === undefined) throw new ValidationError('update needs --field and --value', 'track update --track-id <id> --field priority --value P0');
  const result = await updateTrack(openStore(inv.global), { track_id: trackIdArg(inv), field, value, reason: str(inv, 'reason') });
  const human = field === 'status' ? transitionLines('updated', result as lifecycle.TransitionResult) : [`updated ${result.track.track_id}: ${field}`];
  return { json: result, human };
}
