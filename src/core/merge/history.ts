/** Histories merged as unions ordered by time, and the status the merged history leads to. */
import { canonicalJson } from '../canonical.js';
import { canTransition } from '../lifecycle.js';
import type { HistoryEntry, MergeRecord } from '../schema.js';
import type { TrackStatus } from '../vocab.js';
import { timeOf } from './values.js';

/**
 * Every entry of both sides once (the same entry on both sides is one), each side's own order kept,
 * the two interleaved by time; entries at the same instant by canonical JSON, so either side may be ours.
 */
export function mergeTimeline<T extends { at: string }>(ours: readonly T[], theirs: readonly T[]): T[] {
  const identity = (e: T) => canonicalJson(e);
  const seen = new Set<string>();
  const out: T[] = [];
  let i = 0;
  let j = 0;
  const take = (entry: T) => {
    const id = identity(entry);
    if (!seen.has(id)) {
      seen.add(id);
      out.push(entry);
    }
  };
  while (i < ours.length || j < theirs.length) {
    const o = ours[i];
    const t = theirs[j];
    if (o === undefined) take(theirs[j++] as T);
    else if (t === undefined) take(ours[i++] as T);
    else {
      const d = timeOf(o.at) - timeOf(t.at);
      const oFirst = d < 0 || (d === 0 && identity(o) <= identity(t));
      if (oFirst) take(ours[i++] as T);
      else take(theirs[j++] as T);
    }
  }
  return out;
}

/**
 * The status the merged history leads to: replayed from the start, each move applies when it starts
 * from the status reached so far (a move made on the other branch from a status this one had left
 * no longer applies) and is legal in the lifecycle (a lane take-over stays in its status).
 */
export function statusFrom(history: readonly HistoryEntry[]): TrackStatus | null {
  let status: TrackStatus | null = null;
  for (const { from, to } of history) {
    if (from !== status) continue;
    if (from === null || from === to || canTransition(from, to)) status = to;
  }
  return status;
}

/** Records of earlier merges from both sides, then this merge's own (in an order independent of which side is ours). */
export function mergeRecords(ours: readonly MergeRecord[] | undefined, theirs: readonly MergeRecord[] | undefined, added: MergeRecord[]): MergeRecord[] {
  const sorted = [...added].sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1));
  return mergeTimeline(mergeTimeline(ours ?? [], theirs ?? []), sorted);
}
