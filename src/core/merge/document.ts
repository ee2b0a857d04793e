/**
 * `track merge-driver`'s rule: which document a file holds, and the merge of its three versions
 * (base, ours, theirs) into canonical text that validates, or the reason it cannot be merged.
 */
import type * as z from 'zod/mini';
import { parseJsonText, toJsonText, validateDocument } from '../json.js';
import { artifactsDocSchema, assumptionsDocSchema, decisionsDocSchema, learningsDocSchema, type Track, trackSchema } from '../schema.js';
import { toTrackError } from '../to-track-error.js';
import { type ItemsDoc, mergeItemsDoc } from './items.js';
import { mergeTrack } from './track.js';

const SCHEMAS: Record<string, z.ZodMiniType> = {
  track: trackSchema,
  'track-decisions/1': decisionsDocSchema,
  'track-assumptions/1': assumptionsDocSchema,
  'track-learnings/1': learningsDocSchema,
  'track-artifacts/1': artifactsDocSchema,
};

export type MergeOutcome = { ok: true; text: string } | { ok: false; reason: string };

/** The kind of document a parsed value is: `track` for a track.json, else its `format`; null when no rule merges it. */
function kindOf(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const doc = value as Record<string, unknown>;
  if (doc.schema_version !== undefined && doc.track_id !== undefined) return 'track';
  return typeof doc.format === 'string' && doc.format.startsWith('track-') && SCHEMAS[doc.format] ? doc.format : null;
}

class Unmergeable extends Error {}

function read(text: string, label: string): { kind: string; value: unknown } {
  let value: unknown;
  try {
    value = parseJsonText(text, label);
  } catch (error) {
    throw new Unmergeable(toTrackError(error).message);
  }
  const kind = kindOf(value);
  if (!kind) throw new Unmergeable(`${label} is not a document track merge-driver merges`);
  return { kind, value: check(value, kind, label) };
}

function check(value: unknown, kind: string, label: string): unknown {
  try {
    return validateDocument(value, SCHEMAS[kind] as z.ZodMiniType, label);
  } catch (error) {
    throw new Unmergeable(toTrackError(error).message);
  }
}

/** Merges three versions of the document at `path` (an empty base: both sides added it). */
export function mergeDocument(base: string, ours: string, theirs: string, path: string): MergeOutcome {
  try {
    const o = read(ours, `${path} (ours)`);
    const t = read(theirs, `${path} (theirs)`);
    if (o.kind !== t.kind) throw new Unmergeable(`${path} holds a ${o.kind} document on one side and a ${t.kind} document on the other`);
    const b = base.trim() === '' ? null : read(base, `${path} (base)`);
    if (b && b.kind !== o.kind) throw new Unmergeable(`${path} held a ${b.kind} document at the merge base, now a ${o.kind} document`);
    const merged =
      o.kind === 'track'
        ? mergeTrack((b?.value ?? null) as Track | null, o.value as Track, t.value as Track)
        : mergeItemsDoc((b?.value ?? null) as ItemsDoc | null, o.value as ItemsDoc, t.value as ItemsDoc);
    return { ok: true, text: toJsonText(check(merged, o.kind, `${path} (merged)`)) };
  } catch (error) {
    if (error instanceof Unmergeable) return { ok: false, reason: error.message };
    throw error;
  }
}
