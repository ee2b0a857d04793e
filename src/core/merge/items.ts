/** The three-way merge of a track's context documents (decisions, assumptions, learnings, the artifact manifest). */
import type { MergeRecord } from '../schema.js';
import { mergeRecords } from './history.js';
import { type KeyedList, mergeKeyed } from './keyed.js';
import { type Choice, type Json, later } from './values.js';

type Item = { [key: string]: Json };
export interface ItemsDoc {
  format: string;
  items: readonly unknown[];
  merge_history?: MergeRecord[] | undefined;
}

const TIMES = ['created_at', 'resolved_at', 'added_at'];
const EPOCH = '1970-01-01T00:00:00.000Z';

/** The latest date an item carries: when it was created, resolved or (re)added. */
function latest(item: Item): string {
  let at = EPOCH;
  for (const key of TIMES) if (typeof item[key] === 'string') at = later(at, item[key] as string);
  return at;
}

const byTimeThenKey =
  (key: string) =>
  (a: Item, b: Item): number => {
    const d = Date.parse(latest(a)) - Date.parse(latest(b));
    return d || (String(a[key]) < String(b[key]) ? -1 : 1);
  };

const listOf = (key: string, renames: boolean, references: string[]): Omit<KeyedList, 'field'> => ({
  key,
  references,
  renames,
  compare: byTimeThenKey(key),
  itemTime: (item) => Date.parse(latest(item)),
});

/** Each format's list: items by id (two added under one id are both kept); artifacts by name (one name holds one file). */
const LISTS: Record<string, Omit<KeyedList, 'field'> & { field: string }> = {
  'track-decisions/1': { field: 'decisions', ...listOf('id', true, ['supersedes', 'superseded_by']) },
  'track-assumptions/1': { field: 'assumptions', ...listOf('id', true, []) },
  'track-learnings/1': { field: 'learnings', ...listOf('id', true, []) },
  'track-artifacts/1': { field: 'artifacts', ...listOf('name', false, []) },
};

export const ITEM_FORMATS = Object.keys(LISTS);

const docTime = (doc: ItemsDoc): string => (doc.items as Item[]).reduce((at, item) => later(at, latest(item)), EPOCH);

/** Merges two branches' versions of one context document (base null when both added it). Not validated yet. */
export function mergeItemsDoc(base: ItemsDoc | null, ours: ItemsDoc, theirs: ItemsDoc): ItemsDoc {
  const list = LISTS[ours.format];
  if (!list) throw new Error(`no merge rule for '${ours.format}'`);
  const [oursAt, theirsAt] = [docTime(ours), docTime(theirs)];
  const choice: Choice = { oursTime: Date.parse(oursAt), theirsTime: Date.parse(theirsAt), at: later(oursAt, theirsAt), records: [] };
  const items = mergeKeyed(list, (base?.items ?? []) as Item[], ours.items as Item[], theirs.items as Item[], choice);
  const records = mergeRecords(ours.merge_history, theirs.merge_history, choice.records);
  return { format: ours.format, items, ...(records.length ? { merge_history: records } : {}) };
}
