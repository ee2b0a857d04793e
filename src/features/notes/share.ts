/**
 * The context bridge: copies exactly one decision, assumption or artifact from one track to
 * another, stamped with where it came from. Nothing else crosses.
 */

import { type ShareInput, shareInputSchema } from '../../core/context-inputs.js';
import { ConflictError, ValidationError } from '../../core/errors.js';
import { cmd, hint, opt, run } from '../../core/hint.js';
import type { ArtifactEntry, Assumption, Decision, Provenance } from '../../core/schema.js';
import { parseInput } from '../../core/validate.js';
import type { StorePort } from '../../store/port.js';
import { findArtifact } from './artifacts.js';
import { checkItemId, itemIds, itemNotFound } from './item-ids.js';
import { withTrackContext } from './notes.js';
import { ARTIFACTS, ASSUMPTIONS, DECISIONS, nextItemId, readContextDoc, writeContextDoc } from './notes-docs.js';

export type SharedItem = { kind: 'decision'; item: Decision } | { kind: 'assumption'; item: Assumption } | { kind: 'artifact'; item: ArtifactEntry };

export interface ShareResult {
  from: string;
  to: string;
  shared: SharedItem;
}

const already = (to: string, what: string) =>
  new ConflictError(`track '${to}' already has ${what}`, hint`${run('context', { track_id: to })} to see what it holds`, { track_id: to });

export async function shareContext(store: StorePort, input: ShareInput): Promise<ShareResult> {
  // Before the schema: a malformed id is answered with the ids the --from track holds.
  await checkItemId(store, input.from, 'decision', 'decision', input.decision);
  await checkItemId(store, input.from, 'assumption', 'assumption', input.assumption);
  const fields = parseInput(shareInputSchema, input, 'context share');
  const chosen = [fields.decision, fields.assumption, fields.artifact].filter((v) => v !== undefined);
  if (chosen.length !== 1) {
    throw new ValidationError(
      'share exactly one item',
      hint`${cmd('context_share', { from: 'A', to: 'B', decision: 'ID' })} (or ${opt('assumption', 'ID')}, or ${opt('artifact', 'NAME')})`,
    );
  }
  if (fields.from === fields.to) throw new ValidationError('--from and --to name the same track', 'pass two different track ids');
  const { from, to } = fields;
  // Artifact bytes are read before the transaction and copied into the target's object store under the lock, like `artifact add`.
  let bytes: Buffer | null = null;
  if (fields.artifact !== undefined) {
    const name = fields.artifact;
    bytes = await store.read(async (reader) => {
      await reader.getTrack(to);
      const entry = await findArtifact(reader, from, name);
      return reader.readObject(from, entry.sha256, entry.size);
    });
  }
  return withTrackContext(store, to, `shared from ${from}`, async (tx) => {
    if (bytes) await tx.putObject(to, bytes);
    await tx.getTrack(from);
    const provenance: Provenance = { from_track: from, item_id: chosen[0] as string, shared_at: tx.at };
    const isCopyOf = (p: Provenance | undefined) => p?.from_track === from && p.item_id === provenance.item_id;
    if (fields.decision !== undefined) {
      const source = (await readContextDoc(tx, from, DECISIONS)).items.find((d) => d.id === fields.decision);
      if (!source) throw itemNotFound('decision', fields.decision, from, await itemIds(tx, from, 'decision'));
      const doc = await readContextDoc(tx, to, DECISIONS);
      if (doc.items.some((d) => isCopyOf(d.provenance))) throw already(to, `decision ${fields.decision} of ${from}`);
      const { supersedes: _s, superseded_by: _b, provenance: _p, ...rest } = source;
      const item: Decision = { ...rest, id: nextItemId('dec', doc.items, tx.nameTag()), status: 'active', created_at: tx.at, provenance };
      doc.items.push(item);
      await writeContextDoc(tx, to, DECISIONS, doc);
      return { from, to, shared: { kind: 'decision', item } };
    }
    if (fields.assumption !== undefined) {
      const source = (await readContextDoc(tx, from, ASSUMPTIONS)).items.find((a) => a.id === fields.assumption);
      if (!source) throw itemNotFound('assumption', fields.assumption, from, await itemIds(tx, from, 'assumption'));
      const doc = await readContextDoc(tx, to, ASSUMPTIONS);
      if (doc.items.some((a) => isCopyOf(a.provenance))) throw already(to, `assumption ${fields.assumption} of ${from}`);
      const { provenance: _p, ...rest } = source;
      const item: Assumption = { ...rest, id: nextItemId('asm', doc.items, tx.nameTag()), created_at: tx.at, provenance };
      doc.items.push(item);
      await writeContextDoc(tx, to, ASSUMPTIONS, doc);
      return { from, to, shared: { kind: 'assumption', item } };
    }
    const source = await findArtifact(tx, from, fields.artifact as string);
    const doc = await readContextDoc(tx, to, ARTIFACTS);
    if (doc.items.some((a) => a.name === source.name)) throw already(to, `an artifact named '${source.name}'`);
    const { provenance: _p, source: _src, ...rest } = source;
    const item: ArtifactEntry = { ...rest, added_at: tx.at, provenance };
    doc.items.push(item);
    await writeContextDoc(tx, to, ARTIFACTS, doc);
    return { from, to, shared: { kind: 'artifact', item } };
  });
}
