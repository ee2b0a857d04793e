/**
 * Three-way merge of JSON values by meaning. A value changed on one side only takes that side's
 * change; objects changed on both sides merge key by key; lists of strings merge as sets; anything
 * else changed differently on both sides is a conflict, decided by `Choice` and recorded.
 */
import { canonicalJson } from '../canonical.js';
import type { MergeRecord } from '../schema.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A value, or undefined when absent (a field not set, an item not there). */
export type Value = Json | undefined;

export const same = (a: Value, b: Value): boolean => (a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b));

const canonical = (v: Value): string | undefined => (v === undefined ? undefined : canonicalJson(v));

/** Orders two values the same way whichever side each came from (absent first). */
export const compareValues = (a: Value, b: Value): number => {
  const x = canonical(a) ?? '';
  const y = canonical(b) ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/** What decides a conflict: the time each side last changed the document (or item), and where losses go. */
export interface Choice {
  oursTime: number;
  theirsTime: number;
  /** When the merge happened, for its records: the later of the two sides' times (so the bytes never depend on the clock). */
  at: string;
  records: MergeRecord[];
}

/** The value of the side changed later; at the same time, the value whose canonical JSON sorts last. The loser is recorded. */
export function decide(field: string, ours: Value, theirs: Value, choice: Choice): Value {
  const oursWins = choice.oursTime !== choice.theirsTime ? choice.oursTime > choice.theirsTime : compareValues(ours, theirs) > 0;
  const [kept, lost] = oursWins ? [ours, theirs] : [theirs, ours];
  const keptText = canonical(kept);
  const lostText = canonical(lost);
  choice.records.push({ field, ...(keptText !== undefined ? { kept: keptText } : {}), ...(lostText !== undefined ? { lost: lostText } : {}), at: choice.at });
  return kept;
}

const isObject = (v: Value): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStringList = (v: Value): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Both sides' lists as sets: what either added, less what either removed from base; base order first, then additions sorted. */
export function mergeStringSets(base: readonly string[], ours: readonly string[], theirs: readonly string[]): string[] {
  const o = new Set(ours);
  const t = new Set(theirs);
  const b = new Set(base);
  const kept = [...b].filter((s) => o.has(s) && t.has(s));
  const added = [...new Set([...ours, ...theirs])].filter((s) => !b.has(s)).sort();
  return [...kept, ...added];
}

/** The three-way merge of one value at `field` (a dotted path, used in records). */
export function merge3(field: string, base: Value, ours: Value, theirs: Value, choice: Choice): Value {
  if (same(ours, theirs)) return ours;
  if (same(base, ours)) return theirs;
  if (same(base, theirs)) return ours;
  if (isObject(ours) && isObject(theirs) && (base === undefined || isObject(base))) return mergeObjects(field, base ?? {}, ours, theirs, choice);
  if (isStringList(ours) && isStringList(theirs) && (base === undefined || isStringList(base))) return mergeStringSets(base ?? [], ours, theirs);
  return decide(field, ours, theirs, choice);
}

export function mergeObjects(
  field: string,
  base: { [key: string]: Json },
  ours: { [key: string]: Json },
  theirs: { [key: string]: Json },
  choice: Choice,
): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  const keys = [...new Set([...Object.keys(base), ...Object.keys(ours), ...Object.keys(theirs)])].sort();
  for (const key of keys) {
    const value = merge3(field ? `${field}.${key}` : key, base[key], ours[key], theirs[key], choice);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A list's entries by their key, in list order. */
export function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** Milliseconds of an ISO date (0 when absent or unreadable, so it never wins on time). */
export const timeOf = (iso: string | undefined): number => {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
};

/** The later of two ISO dates (by instant; the same instant written two ways: the one that sorts last). */
export const later = (a: string, b: string): string => {
  const d = timeOf(a) - timeOf(b);
  return d > 0 || (d === 0 && a >= b) ? a : b;
};
