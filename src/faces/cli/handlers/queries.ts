import { ValidationError } from '../../../core/errors.js';
import { closest } from '../../../core/suggest.js';
import { PRIORITIES, STATUSES, TRACK_TYPES } from '../../../core/vocab.js';
import { getActiveTrack, listTracks, showTrack, trackHistory } from '../../../features/tracks/queries.js';
import { flag, type Invocation, listOption, trackIdArg } from '../command.js';
import type { Output } from '../output.js';
import { historyLines, summaryTable, trackDetails } from '../render.js';
import { openStore } from './open-store.js';

function checked<T extends string>(values: string[], allowed: readonly T[], option: string): T[] {
  for (const v of values) {
    if (allowed.includes(v as T)) continue;
    const near = closest(v, allowed, 1);
    throw new ValidationError(
      `invalid --${option} '${v.slice(0, 40)}': must be one of ${allowed.join(', ')}`,
      `track list --${option} ${near[0] ?? allowed[0]}`,
      {
        value: v.slice(0, 200),
        ...(near.length ? { did_you_mean: near } : {}),
      },
    );
  }
  return values as T[];
}

export async function list(inv: Invocation): Promise<Output> {
  const filter = {
    status: checked(listOption(inv, 'status'), STATUSES, 'status'),
    type: checked(listOption(inv, 'type'), TRACK_TYPES, 'type'),
    priority: checked(listOption(inv, 'priority'), PRIORITIES, 'priority'),
  };
  if (flag(inv, 'tree')) return (await import('./planning.js')).tree(inv, filter);
  const store = openStore(inv.global);
  const tracks = await listTracks(store, filter);
  // Only a store inside git names clones: only then is this clone's id needed, to tell its tracks from others'.
  const clone = tracks.some((t) => t.clone) ? await store.read(async (reader) => reader.lane.clone) : undefined;
  return { json: { tracks }, human: summaryTable(tracks, clone) };
}

export async function show(inv: Invocation): Promise<Output> {
  const track = await showTrack(openStore(inv.global), { track_id: trackIdArg(inv) });
  return { json: track, human: trackDetails(track) };
}

export async function getActive(inv: Invocation): Promise<Output> {
  const track = await getActiveTrack(openStore(inv.global));
  return { json: { active: track }, human: track ? trackDetails(track) : ['no active track'] };
}

export async function history(inv: Invocation): Promise<Output> {
  const result = await trackHistory(openStore(inv.global), { track_id: trackIdArg(inv) });
  return { json: result, human: historyLines(result.history) };
}
