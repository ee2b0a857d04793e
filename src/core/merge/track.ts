/** The three-way merge of a `track.json`. */
import { deriveProgress } from '../progress.js';
import type { HistoryEntry, Track } from '../schema.js';
import { mergeRecords, mergeTimeline, statusFrom } from './history.js';
import { type KeyedList, mergeKeyed } from './keyed.js';
import { type Choice, type Json, later, merge3, mergeObjects, timeOf } from './values.js';

type Doc = { [key: string]: Json };

/** Fields merged by their own rule below; every other field merges as a value. */
const OWN_RULE = ['steps', 'status', 'status_history', 'merge_history', 'progress', 'created_at', 'updated_at'];

const STEPS: KeyedList = {
  field: 'steps',
  key: 'step_id',
  references: ['depends_on', 'goto', 'skip', 'from_step'],
  compare: (a, b) => Number(a.order) - Number(b.order) || (String(a.step_id) < String(b.step_id) ? -1 : 1),
  renames: true,
};

const rest = (doc: Track | null): Doc => {
  const out: Doc = {};
  for (const [key, value] of Object.entries(doc ?? {})) if (!OWN_RULE.includes(key) && value !== undefined) out[key] = value as Json;
  return out;
};

const asItems = (steps: readonly unknown[] | undefined) => (steps ?? []) as Doc[];

/** The status: replayed from the merged history when each side's history leads to its own status, else decided as a value. */
function mergedStatus(base: Track | null, ours: Track, theirs: Track, history: HistoryEntry[], choice: Choice): Track['status'] {
  const trusted = statusFrom(ours.status_history) === ours.status && statusFrom(theirs.status_history) === theirs.status;
  const replayed = trusted ? statusFrom(history) : null;
  if (!replayed) return merge3('status', base?.status, ours.status, theirs.status, choice) as Track['status'];
  if (ours.status !== theirs.status) {
    for (const lost of new Set([ours.status, theirs.status])) {
      if (lost !== replayed) choice.records.push({ field: 'status', kept: JSON.stringify(replayed), lost: JSON.stringify(lost), at: choice.at });
    }
  }
  return replayed;
}

/** Merges two branches' versions of a track (base null when both added it). The result is not validated yet. */
export function mergeTrack(base: Track | null, ours: Track, theirs: Track): Doc {
  const choice: Choice = {
    oursTime: timeOf(ours.updated_at),
    theirsTime: timeOf(theirs.updated_at),
    at: later(ours.updated_at, theirs.updated_at),
    records: [],
  };
  const fields = mergeObjects('', rest(base), rest(ours), rest(theirs), choice);
  const steps = mergeKeyed(STEPS, asItems(base?.steps), asItems(ours.steps), asItems(theirs.steps), choice);
  const history = mergeTimeline(ours.status_history, theirs.status_history);
  const status = mergedStatus(base, ours, theirs, history, choice);
  const records = mergeRecords(ours.merge_history, theirs.merge_history, choice.records);
  const createdAt = later(ours.created_at, theirs.created_at) === ours.created_at ? theirs.created_at : ours.created_at;
  return {
    ...fields,
    status,
    steps,
    progress: deriveProgress(steps as unknown as Track['steps']) as unknown as Json,
    status_history: history as unknown as Json,
    ...(records.length ? { merge_history: records as unknown as Json } : {}),
    created_at: createdAt,
    updated_at: choice.at,
  };
}
