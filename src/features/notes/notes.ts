/** Decisions, assumptions and learnings: written into one track's `context/`, never another's. */
import {
  type AssumeInput,
  assumeInputSchema,
  type DecideInput,
  decideInputSchema,
  type LearnInput,
  learnInputSchema,
  type ResolveAssumptionInput,
  resolveAssumptionInputSchema,
} from '../../core/context-inputs.js';
import { InvalidStateError } from '../../core/errors.js';
import type { Assumption, Decision, Learning } from '../../core/schema.js';
import { parseInput } from '../../core/validate.js';
import type { StorePort, StoreTx } from '../../store/port.js';
import { keepPausedTrackCurrent } from '../checkpoints/snapshot.js';
import { resolveTrack } from '../tracks/bound-track.js';
import type { TrackTarget } from '../tracks/track-inputs.js';
import { checkItemId, itemNotFound } from './item-ids.js';
import { ASSUMPTIONS, DECISIONS, type Kind, LEARNINGS, nextItemId, readContextDoc, writeContextDoc } from './notes-docs.js';

/** Runs `fn` on the target track inside one transaction, then keeps a paused track's checkpoint current. */
export function withTrackContext<T>(store: StorePort, trackId: string | undefined, what: string, fn: (tx: StoreTx, id: string) => Promise<T>): Promise<T> {
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, trackId);
    const result = await fn(tx, track.track_id);
    await keepPausedTrackCurrent(tx, track, what);
    return result;
  });
}

/** Records a decision; `supersedes` marks an earlier one superseded, linked both ways. */
export async function decide(store: StorePort, input: DecideInput): Promise<Decision> {
  await checkItemId(store, input.track_id, 'decision', 'supersedes', input.supersedes);
  const fields = parseInput(decideInputSchema, input, 'decide');
  return withTrackContext(store, fields.track_id, 'decision recorded', async (tx, id) => {
    const doc = await readContextDoc(tx, id, DECISIONS);
    const decision: Decision = {
      id: nextItemId('dec', doc.items, tx.nameTag()),
      title: fields.title,
      ...(fields.rationale ? { rationale: fields.rationale } : {}),
      alternatives: fields.alternatives ?? [],
      status: 'active',
      ...(fields.supersedes ? { supersedes: fields.supersedes } : {}),
      created_at: tx.at,
    };
    if (fields.supersedes) {
      const old = doc.items.find((d) => d.id === fields.supersedes);
      if (!old)
        throw itemNotFound(
          'decision',
          fields.supersedes,
          id,
          doc.items.map((d) => d.id),
        );
      if (old.status === 'superseded') {
        throw new InvalidStateError(`${id}/${old.id}`, `superseded by ${old.superseded_by ?? 'a later decision'}`, 'superseded again', []);
      }
      old.status = 'superseded';
      old.superseded_by = decision.id;
    }
    doc.items.push(decision);
    await writeContextDoc(tx, id, DECISIONS, doc);
    return decision;
  });
}

export async function assume(store: StorePort, input: AssumeInput): Promise<Assumption> {
  const fields = parseInput(assumeInputSchema, input, 'assume');
  return withTrackContext(store, fields.track_id, 'assumption recorded', async (tx, id) => {
    const doc = await readContextDoc(tx, id, ASSUMPTIONS);
    const assumption: Assumption = { id: nextItemId('asm', doc.items, tx.nameTag()), text: fields.text, status: 'open', created_at: tx.at };
    doc.items.push(assumption);
    await writeContextDoc(tx, id, ASSUMPTIONS, doc);
    return assumption;
  });
}

/** Closes an open assumption as validated or invalidated, with the evidence. */
export async function resolveAssumption(store: StorePort, input: ResolveAssumptionInput): Promise<Assumption> {
  await checkItemId(store, input.track_id, 'assumption', 'id', input.id);
  const fields = parseInput(resolveAssumptionInputSchema, input, 'assume');
  return withTrackContext(store, fields.track_id, `assumption ${fields.outcome}`, async (tx, id) => {
    const doc = await readContextDoc(tx, id, ASSUMPTIONS);
    const item = doc.items.find((a) => a.id === fields.id);
    if (!item)
      throw itemNotFound(
        'assumption',
        fields.id,
        id,
        doc.items.map((a) => a.id),
      );
    if (item.status !== 'open') throw new InvalidStateError(`${id}/${item.id}`, item.status, fields.outcome, []);
    item.status = fields.outcome;
    if (fields.evidence) item.evidence = fields.evidence;
    item.resolved_at = tx.at;
    await writeContextDoc(tx, id, ASSUMPTIONS, doc);
    return item;
  });
}

export async function learn(store: StorePort, input: LearnInput): Promise<Learning> {
  const fields = parseInput(learnInputSchema, input, 'learn');
  return withTrackContext(store, fields.track_id, 'learning recorded', async (tx, id) => {
    const doc = await readContextDoc(tx, id, LEARNINGS);
    const learning: Learning = { id: nextItemId('lrn', doc.items, tx.nameTag()), text: fields.text, created_at: tx.at };
    doc.items.push(learning);
    await writeContextDoc(tx, id, LEARNINGS, doc);
    return learning;
  });
}

export interface ContextList<T> {
  track_id: string;
  items: T[];
}

function lister<T>(kind: Kind<{ items: T[] }>) {
  return (store: StorePort, target: TrackTarget = {}): Promise<ContextList<T>> =>
    store.read(async (reader) => {
      const id = (await resolveTrack(reader, target.track_id)).track_id;
      return { track_id: id, items: (await readContextDoc(reader, id, kind)).items };
    });
}

export const listDecisions = lister<Decision>(DECISIONS);
export const listAssumptions = lister<Assumption>(ASSUMPTIONS);
export const listLearnings = lister<Learning>(LEARNINGS);
