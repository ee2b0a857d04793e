import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TrackError } from '../../src/core/errors.js';
import type { Checkpoint } from '../../src/core/schema.js';
import { createCheckpoint, restoreCheckpoint, verifyCheckpoints } from '../../src/features/checkpoints/checkpoints.js';
import { addArtifact } from '../../src/features/notes/artifacts.js';
import { assume, decide, learn, listAssumptions, resolveAssumption } from '../../src/features/notes/notes.js';
import type { FileStore } from '../../src/store/file/file-store.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';
import { activeTrack } from '../helpers/tracks.js';

type Op =
  | { kind: 'decide'; text: string }
  | { kind: 'assume'; text: string }
  | { kind: 'validate' }
  | { kind: 'learn'; text: string }
  | { kind: 'artifact'; name: string; content: string }
  | { kind: 'checkpoint' };

const textArb = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim().length > 0);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('decide' as const), text: textArb }),
  fc.record({ kind: fc.constant('assume' as const), text: textArb }),
  fc.constant({ kind: 'validate' as const }),
  fc.record({ kind: fc.constant('learn' as const), text: textArb }),
  fc.record({ kind: fc.constant('artifact' as const), name: fc.constantFrom('a.bin', 'b.txt'), content: fc.string({ maxLength: 64 }) }),
  fc.constant({ kind: 'checkpoint' as const }),
);

/** Every byte that defines the track's state: context files, artifact bytes, and the track document minus its append-only fields. */
function stateOf(root: string, trackId: string): Record<string, string> {
  const state: Record<string, string> = {};
  const contextDir = join(root, trackId, 'context');
  for (const name of safeList(contextDir)) state[`context/${name}`] = readFileSync(join(contextDir, name), 'utf8');
  const manifest = state['context/artifacts.json'];
  for (const a of manifest ? (JSON.parse(manifest).items as { name: string; sha256: string }[]) : []) {
    state[`artifact/${a.name}`] = readFileSync(join(root, trackId, 'objects', a.sha256)).toString('base64');
  }
  const { updated_at: _u, status_history: _h, ...track } = JSON.parse(readFileSync(join(root, trackId, 'track.json'), 'utf8'));
  state.track = JSON.stringify(track);
  return state;
}

const safeList = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};

/** A digest of every file under the root, to prove a refused operation changed nothing. */
function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      hash.update(path);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

async function apply(store: FileStore, dir: string, op: Op): Promise<Checkpoint | null> {
  switch (op.kind) {
    case 'decide':
      await decide(store, { title: op.text, rationale: `why ${op.text}` });
      return null;
    case 'assume':
      await assume(store, { text: op.text });
      return null;
    case 'validate': {
      const open = (await listAssumptions(store)).items.find((a) => a.status === 'open');
      if (open) await resolveAssumption(store, { id: open.id, outcome: 'validated', evidence: 'seen' });
      return null;
    }
    case 'learn':
      await learn(store, { text: op.text });
      return null;
    case 'artifact':
      writeFileSync(join(dir, op.name), op.content);
      await addArtifact(store, { file: join(dir, op.name) });
      return null;
    case 'checkpoint':
      return createCheckpoint(store, { reason: 'property' });
  }
}

describe('checkpoint round trip (property)', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());

  it('restoring any checkpoint reproduces its state byte for byte; a flipped byte is detected and refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 7 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        async (ops, pick, position, mask, flipObject) => {
          p?.cleanup();
          p = tempProject();
          const track = await activeTrack(p.store, 'Round trip');
          const id = track.track_id;
          const taken: { checkpoint: Checkpoint; state: Record<string, string> }[] = [];
          for (const op of [...ops, { kind: 'checkpoint' } as Op]) {
            const checkpoint = await apply(p.store, p.dir, op);
            if (checkpoint) taken.push({ checkpoint, state: stateOf(p.root, id) });
          }
          const before = stateOf(p.root, id);
          const target = taken[pick % taken.length] as (typeof taken)[number];
          const restored = await restoreCheckpoint(p.store, { checkpoint_id: target.checkpoint.checkpoint_id });
          expect(stateOf(p.root, id)).toEqual(target.state);
          await restoreCheckpoint(p.store, { checkpoint_id: restored.safety_checkpoint.checkpoint_id });
          expect(stateOf(p.root, id)).toEqual(before);
          expect(storeProblems(p.root)).toEqual([]);

          // Damage one byte of a checkpoint, or of an object a checkpoint references.
          const objectsOf = (c: Checkpoint) => [...Object.values(c.context_objects ?? {}), ...(c.artifacts ?? [])].map((o) => o.sha256);
          const referenced = taken.find((t) => objectsOf(t.checkpoint).length > 0);
          const victimCheckpoint = flipObject && referenced ? referenced.checkpoint : target.checkpoint;
          const victimObjects = objectsOf(victimCheckpoint);
          const file =
            flipObject && referenced
              ? join(p.root, id, 'objects', victimObjects[position % victimObjects.length] as string)
              : join(p.root, id, 'checkpoints', `${victimCheckpoint.checkpoint_id}.json`);
          const bytes = readFileSync(file);
          if (bytes.length === 0) return; // an empty artifact has no byte to flip
          const at = position % bytes.length;
          bytes[at] = (bytes[at] as number) ^ mask;
          writeFileSync(file, bytes);
          const digest = treeDigest(p.root);
          const verified = await verifyCheckpoints(p.store, { all: true });
          expect(verified.results.find((r) => r.checkpoint_id === victimCheckpoint.checkpoint_id)?.ok).toBe(false);
          const refused = await restoreCheckpoint(p.store, { checkpoint_id: victimCheckpoint.checkpoint_id }).catch((e) => e);
          expect(refused).toBeInstanceOf(TrackError);
          expect(['CHECKSUM_MISMATCH', 'CORRUPT_STORE']).toContain(refused.code);
          expect(treeDigest(p.root)).toBe(digest);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('still restores a checkpoint that holds its context documents inline (written before content addressing)', async () => {
    p = tempProject();
    const track = await activeTrack(p.store, 'Legacy');
    const legacyText = '{\n  "format": "track-learnings/1",\n  "items": []\n}\n';
    const legacy = await p.store.transaction((tx) =>
      tx.writeCheckpoint({ track_id: track.track_id, kind: 'manual', created_at: tx.at, track, context_files: { 'learnings.json': legacyText } }),
    );
    await learn(p.store, { text: 'after the legacy checkpoint' });
    expect((await verifyCheckpoints(p.store, { checkpoint_id: legacy.checkpoint_id })).results[0]?.ok).toBe(true);
    await restoreCheckpoint(p.store, { checkpoint_id: legacy.checkpoint_id });
    expect(readFileSync(join(p.root, track.track_id, 'context', 'learnings.json'), 'utf8')).toBe(legacyText);
  });
});
