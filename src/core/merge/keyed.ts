/** Three-way merge of lists whose entries have an identity (steps by step_id, context items by id). */
import { canonicalJson } from '../canonical.js';
import { sha256Hex } from '../hash.js';
import { type Choice, compareValues, type Json, merge3, same } from './values.js';

type Item = { [key: string]: Json };

export interface KeyedList {
  /** The record path of the list, e.g. `steps`. */
  field: string;
  key: string;
  /** Keys of fields that name another entry of the list (rewritten when an entry is renamed). */
  references: readonly string[];
  /** How the entries added on either side are ordered, after the base's (a total order: keys are unique). */
  compare: (a: Item, b: Item) => number;
  /** Two different entries added under one key on both sides: the first (by canonical JSON) is renamed, when the list allows it. */
  renames: boolean;
  /** The time an entry last changed, when the entry itself tells (otherwise the document's times decide). */
  itemTime?: (item: Item) => number;
}

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const SEQUENTIAL = /^([a-z]+)-(\d{3,})$/;

/**
 * A new key for an entry that collided: a sequential name (`dec-004`) takes the next number free on
 * both sides; any other a tag taken from its content. Either way the same inputs give the same name.
 */
function renamed(id: string, item: Item, taken: Set<string>): string {
  const sequential = SEQUENTIAL.exec(id);
  if (sequential) {
    const prefix = sequential[1] as string;
    let highest = 0;
    for (const key of taken) {
      const m = SEQUENTIAL.exec(key);
      if (m?.[1] === prefix) highest = Math.max(highest, Number(m[2]));
    }
    return `${prefix}-${String(highest + 1).padStart(3, '0')}`;
  }
  const digest = sha256Hex(canonicalJson(item));
  for (let i = 0; ; i += 10) {
    const tag = [...digest.slice(i, i + 10).matchAll(/../g)].map((m) => ALPHABET[Number.parseInt(m[0], 16) % ALPHABET.length]).join('');
    const name = `${id.slice(0, 58)}-${tag}`;
    if (!taken.has(name) || i >= 50) return name;
  }
}

function rewrite(value: Json, refs: readonly string[], from: string, to: string, key = ''): Json {
  if (typeof value === 'string') return refs.includes(key) && value === from ? to : value;
  if (Array.isArray(value)) return value.map((v) => rewrite(v, refs, from, to, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, refs, from, to, k)]));
  return value;
}

/**
 * Entries added on both sides under one key with different contents are two entries: the one whose
 * canonical JSON sorts first takes a new key on its side, with that side's references to it.
 */
function separateCollisions(spec: KeyedList, base: Map<string, Item>, ours: Item[], theirs: Item[]): [Item[], Item[]] {
  if (!spec.renames) return [ours, theirs];
  const oursByKey = new Map(ours.map((i) => [String(i[spec.key]), i]));
  const theirsByKey = new Map(theirs.map((i) => [String(i[spec.key]), i]));
  const taken = new Set([...base.keys(), ...oursByKey.keys(), ...theirsByKey.keys()]);
  let o = ours;
  let t = theirs;
  // In key order, not either side's list order: swapping the sides must not change the names given.
  for (const id of [...oursByKey.keys()].sort()) {
    const item = oursByKey.get(id) as Item;
    const other = theirsByKey.get(id);
    if (base.has(id) || !other || same(item, other)) continue;
    const oursFirst = compareValues(item, other) < 0;
    const moved = oursFirst ? item : other;
    const to = renamed(id, moved, taken);
    taken.add(to);
    const apply = (list: Item[]) =>
      list.map((i) => (i[spec.key] === id ? { ...i, [spec.key]: to } : i)).map((i) => rewrite(i, spec.references, id, to) as Item);
    if (oursFirst) o = apply(o);
    else t = apply(t);
  }
  return [o, t];
}

export function mergeKeyed(spec: KeyedList, baseList: readonly Item[], oursList: readonly Item[], theirsList: readonly Item[], choice: Choice): Item[] {
  const keyOf = (i: Item) => String(i[spec.key]);
  const base = new Map(baseList.map((i) => [keyOf(i), i]));
  const [oursSep, theirsSep] = separateCollisions(spec, base, [...oursList], [...theirsList]);
  const ours = new Map(oursSep.map((i) => [keyOf(i), i]));
  const theirs = new Map(theirsSep.map((i) => [keyOf(i), i]));
  const merged = new Map<string, Item>();
  const ids = [...new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])];
  for (const id of ids) {
    const o = ours.get(id);
    const t = theirs.get(id);
    const times = spec.itemTime && o && t ? { ...choice, oursTime: spec.itemTime(o), theirsTime: spec.itemTime(t) } : choice;
    const value = merge3(`${spec.field}.${id}`, base.get(id), o, t, times);
    if (value && typeof value === 'object' && !Array.isArray(value)) merged.set(id, value);
  }
  const kept = [...base.keys()].filter((id) => merged.has(id)).map((id) => merged.get(id) as Item);
  const added = [...merged.entries()].filter(([id]) => !base.has(id)).map(([, item]) => item);
  return [...kept, ...added.sort(spec.compare)];
}
