/** Reading and writing the JSON documents in a track's `context/` directory. */
import type * as z from 'zod/mini';
import { parseJsonText, toJsonText, validateDocument } from '../../core/json.js';
import {
  type ArtifactsDoc,
  ASSUMPTION_ID_PATTERN,
  type AssumptionsDoc,
  artifactsDocSchema,
  assumptionsDocSchema,
  DECISION_ID_PATTERN,
  type DecisionsDoc,
  decisionsDocSchema,
  LEARNING_ID_PATTERN,
  type LearningsDoc,
  learningsDocSchema,
} from '../../core/schema.js';
import { formatSequence, type NameTag, nextSequenceNumber } from '../../core/sequence-names.js';
import type { StoreReader, StoreTx } from '../../store/port.js';

export const DECISIONS_FILE = 'decisions.json';
export const ASSUMPTIONS_FILE = 'assumptions.json';
export const LEARNINGS_FILE = 'learnings.json';
/** The artifact manifest; checkpoints hold it as their `artifacts` field, not as a context file. */
export const ARTIFACTS_FILE = 'artifacts.json';

export interface Kind<D> {
  file: string;
  schema: z.ZodMiniType<D>;
  empty: () => D;
}

export const DECISIONS: Kind<DecisionsDoc> = { file: DECISIONS_FILE, schema: decisionsDocSchema, empty: () => ({ format: 'track-decisions/1', items: [] }) };
export const ASSUMPTIONS: Kind<AssumptionsDoc> = {
  file: ASSUMPTIONS_FILE,
  schema: assumptionsDocSchema,
  empty: () => ({ format: 'track-assumptions/1', items: [] }),
};
export const LEARNINGS: Kind<LearningsDoc> = { file: LEARNINGS_FILE, schema: learningsDocSchema, empty: () => ({ format: 'track-learnings/1', items: [] }) };
export const ARTIFACTS: Kind<ArtifactsDoc> = { file: ARTIFACTS_FILE, schema: artifactsDocSchema, empty: () => ({ format: 'track-artifacts/1', items: [] }) };

export async function readContextDoc<D>(reader: StoreReader, trackId: string, kind: Kind<D>): Promise<D> {
  const text = await reader.readContext(trackId, kind.file);
  if (text === null) return kind.empty();
  const label = `${trackId}/context/${kind.file}`;
  return validateDocument(parseJsonText(text, label), kind.schema, label) as D;
}

/** The one way these documents are serialised, so a restore reproduces them byte for byte. */
export const contextDocText = (doc: unknown): string => toJsonText(doc);

/** Validated first; the schema's output also fixes the key order, so equal documents are equal bytes. */
export async function writeContextDoc<D>(tx: StoreTx, trackId: string, kind: Kind<D>, doc: D): Promise<void> {
  const label = `${trackId}/context/${kind.file}`;
  await tx.writeContext(trackId, kind.file, contextDocText(validateDocument(doc, kind.schema, label)));
}

export type ItemPrefix = 'dec' | 'asm' | 'lrn';
const ITEM_ID: Record<ItemPrefix, RegExp> = { dec: DECISION_ID_PATTERN, asm: ASSUMPTION_ID_PATTERN, lrn: LEARNING_ID_PATTERN };

/** `prefix-NNN` one above the highest number among `items`, with the store's tag when it gives one (`dec-004-k3x9p`). */
export function nextItemId(prefix: ItemPrefix, items: readonly { id: string }[], tag: NameTag): string {
  return formatSequence(
    prefix,
    nextSequenceNumber(
      items.map((i) => i.id),
      ITEM_ID[prefix],
    ),
    tag,
  );
}
