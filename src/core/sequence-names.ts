/**
 * Numbered names: `checkpoint-002`, `run-003`, `dec-004`, `track-auth-flow-004`. A store shared
 * through git adds a random tag after the number (`checkpoint-002-m7q2r`) so two clones or branches
 * that pick the same number never name different contents alike; the number still orders names
 * locally. The tag itself is drawn by the store (core draws nothing random).
 */
import { compareCodePoints } from './compare.js';

/** The tag's characters: lowercase letters and digits that cannot be misread (no 0, 1, i, l, o). */
export const NAME_TAG_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const NAME_TAG_LENGTH = 5;
const NAME_TAG = /^[2-9a-hjkmnp-z]{5}$/;

/** A tag for a new name, or undefined where names stay purely sequential (a store outside git). */
export type NameTag = string | undefined;

export const isNameTag = (tag: string): boolean => NAME_TAG.test(tag);

/** `prefix-NNN`, numbered from 001, with `-tag` after the number when a tag is given. */
export function formatSequence(prefix: string, n: number, tag?: NameTag): string {
  if (tag !== undefined && !isNameTag(tag)) throw new RangeError(`not a name tag: ${JSON.stringify(tag)}`);
  return `${prefix}-${String(n).padStart(3, '0')}${tag === undefined ? '' : `-${tag}`}`;
}

/** The number of a name `pattern` matches (its group 1), or null. */
export function sequenceNumber(name: string, pattern: RegExp): number | null {
  const digits = pattern.exec(name)?.[1];
  return digits === undefined ? null : Number(digits);
}

/** One above the highest number among `names` that match `pattern` (1 when none does). */
export function nextSequenceNumber(names: Iterable<string>, pattern: RegExp): number {
  let highest = 0;
  for (const name of names) highest = Math.max(highest, sequenceNumber(name, pattern) ?? 0);
  return highest + 1;
}

export interface Numbered {
  name: string;
  /** When it was made, where that is known: it orders two names of one number (made on different clones). */
  created_at?: string | undefined;
}

/** Orders numbered names: by number, then by creation time where both are known, then by name. */
export function compareNumbered(pattern: RegExp): (a: Numbered, b: Numbered) => number {
  return (a, b) =>
    (sequenceNumber(a.name, pattern) ?? 0) - (sequenceNumber(b.name, pattern) ?? 0) ||
    (a.created_at !== undefined && b.created_at !== undefined ? compareCodePoints(a.created_at, b.created_at) : 0) ||
    compareCodePoints(a.name, b.name);
}

/**
 * Names matching `pattern`, oldest first: by number, then by creation time, then by name.
 * `createdAt` is asked only about names that share their number with another (merged from two
 * clones), so ordering stays cheap.
 */
export function sortNumbered(names: Iterable<string>, pattern: RegExp, createdAt?: (name: string) => string | undefined): string[] {
  const matching = [...names].filter((n) => pattern.test(n));
  const counts = new Map<number, number>();
  for (const name of matching) {
    const n = sequenceNumber(name, pattern) ?? 0;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const shared = (name: string) => (counts.get(sequenceNumber(name, pattern) ?? 0) ?? 0) > 1;
  const order = compareNumbered(pattern);
  return matching
    .map((name): Numbered => ({ name, created_at: createdAt && shared(name) ? createdAt(name) : undefined }))
    .sort(order)
    .map((n) => n.name);
}

/** Unanchored: zod reports a pattern as `/…/`, JSON Schema as its source. */
const NUMBERED_SOURCE = /\^([a-z]+)-\(\\d\{3,\}\)\(\?:-\(\[2-9a-hjkmnp-z\]\{5\}\)\)\?\$/;

/** The prefix of a numbered-name pattern (`dec` of `^dec-(\d{3,})(?:-(…{5}))?$`, as source or as `/…/`), or null for any other pattern. */
export const numberedPrefixOf = (source: string): string | null => NUMBERED_SOURCE.exec(source)?.[1] ?? null;

/** Both forms of a numbered name, for a person: `dec-001 or dec-001-k3x9p`. */
export const numberedExample = (prefix: string): string => `${prefix}-001 or ${prefix}-001-k3x9p`;
