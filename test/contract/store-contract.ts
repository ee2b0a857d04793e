/**
 * The store port's guarantees (src/store/port.ts), as tests any implementation must pass.
 * `describeStoreContract(name, open)` registers them for one store; `open` makes a fresh, empty
 * store and can reopen it (a new instance over the same data), and cleans up.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checksumOf } from '../../src/core/checkpoint-seal.js';
import { TrackError, TrackNotFoundError } from '../../src/core/errors.js';
import { transition } from '../../src/core/lifecycle.js';
import type { Run, Track } from '../../src/core/schema.js';
import { newTrack } from '../../src/core/track-factory.js';
import type { StorePort, StoreTx } from '../../src/store/port.js';

export interface ContractStore {
  store: StorePort;
  /** A new store instance over the same data (as another process would open it). */
  reopen(): StorePort;
  cleanup(): Promise<void> | void;
}

const AT = '2026-01-01T00:00:00.000Z';
const track = (id: string): Track => newTrack({ track_id: id, name: id, type: 'feature', priority: 'P2', goal: 'g' }, AT);
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function run(trackId: string, runId: string): Run {
  return {
    format: 'track-run/1',
    run_id: runId,
    track_id: trackId,
    workflow_id: trackId,
    status: 'succeeded',
    started_at: AT,
    attempts: [],
    outputs: { answer: '42' },
    logs: [],
  };
}

/** Makes `id` active (draft → ready → active, or paused → active), pointing the head at it. */
async function activate(tx: StoreTx, id: string): Promise<Track> {
  let t = await tx.getTrack(id);
  if (t.status === 'draft') t = transition(t, 'ready', tx.at);
  t = transition(t, 'active', tx.at);
  await tx.setActive(id);
  return tx.putTrack(t);
}

/** Pauses `id` with the checkpoint a paused track's change needs. */
async function pause(tx: StoreTx, id: string): Promise<Track> {
  const paused = await tx.putTrack(transition(await tx.getTrack(id), 'paused', tx.at));
  await tx.writeCheckpoint({ track_id: id, kind: 'pause', created_at: tx.at, track: paused, context_files: {} });
  return paused;
}

export function describeStoreContract(name: string, open: () => Promise<ContractStore>): void {
  describe(`store contract: ${name}`, () => {
    let opened: ContractStore | undefined;
    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });
    const fresh = async (): Promise<StorePort> => {
      opened = await open();
      return opened.store;
    };

    it('a transaction takes effect whole: tracks, context, checkpoint, object and run together', async () => {
      const store = await fresh();
      const bytes = Buffer.from([0, 1, 2, 255]);
      const written = await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await tx.putTrack(track('track-b-002'));
        await tx.writeContext('track-a-001', 'decisions.json', '{"x":1}\n');
        const ref = await tx.putObject('track-a-001', bytes);
        await tx.putRun(run('track-a-001', 'run-001'));
        const checkpoint = await tx.writeCheckpoint({
          track_id: 'track-a-001',
          kind: 'manual',
          created_at: tx.at,
          track: await tx.getTrack('track-a-001'),
          context_files: {},
        });
        return { ref, checkpoint };
      });
      await store.read(async (r) => {
        expect((await r.getTrack('track-a-001')).name).toBe('track-a-001');
        expect(Object.keys((await r.openTracks()).tracks).sort()).toEqual(['track-a-001', 'track-b-002']);
        expect(await r.readContext('track-a-001', 'decisions.json')).toBe('{"x":1}\n');
        expect(await r.listContext('track-a-001')).toEqual(['decisions.json']);
        expect((await r.readObject('track-a-001', written.ref.sha256, 4)).equals(bytes)).toBe(true);
        expect((await r.findRun('track-a-001', 'run-001'))?.outputs).toEqual({ answer: '42' });
        expect(await r.listRuns('track-a-001')).toEqual(['run-001']);
        expect(await r.listCheckpoints('track-a-001')).toEqual([written.checkpoint.checkpoint_id]);
      });
    });

    it('a transaction that throws changes nothing', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
      });
      const before = await store.read(async (r) => ({ head: await r.head(), open: await r.openTracks() }));
      const error = await store
        .transaction(async (tx) => {
          await tx.putTrack(track('track-b-002'));
          await activate(tx, 'track-a-001');
          await tx.writeContext('track-a-001', 'notes.md', 'lost\n');
          await tx.allocateSequence();
          await tx.putRun(run('track-a-001', 'run-001'));
          throw new Error('changed my mind');
        })
        .catch((e: Error) => e);
      expect(error.message).toBe('changed my mind');
      await store.read(async (r) => {
        expect(await r.head()).toEqual(before.head);
        expect(await r.openTracks()).toEqual(before.open);
        expect(await r.findTrack('track-b-002')).toBeNull();
        expect((await r.getTrack('track-a-001')).status).toBe('draft');
        expect(await r.readContext('track-a-001', 'notes.md')).toBeNull();
        expect(await r.listRuns('track-a-001')).toEqual([]);
      });
      expect(await store.transaction((tx) => tx.allocateSequence())).toBe(before.open.next_sequence);
    });

    it('serializes read-modify-write transactions: concurrent updates are never lost', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
      });
      const writers = Array.from({ length: 8 }, (_, i) =>
        store.transaction(async (tx) => {
          const t = await tx.getTrack('track-a-001');
          await new Promise((resolve) => setTimeout(resolve, 1 + (i % 3)));
          await tx.putTrack({ ...t, tags: [...t.tags, `w${i}`] });
        }),
      );
      await Promise.all(writers);
      const tags = await store.read(async (r) => (await r.getTrack('track-a-001')).tags);
      expect([...tags].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `w${i}`).sort());
    });

    it('hands out each sequence number once, however many transactions ask at once', async () => {
      const store = await fresh();
      const numbers = await Promise.all(Array.from({ length: 10 }, () => store.transaction((tx) => tx.allocateSequence())));
      expect(new Set(numbers).size).toBe(10);
      await store.transaction((tx) => tx.reserveSequence(100));
      expect(await store.transaction((tx) => tx.allocateSequence())).toBe(100);
    });

    it('readers never see half a transaction: one active track, named by the head, throughout a run of switches', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await tx.putTrack(track('track-b-002'));
        await activate(tx, 'track-a-001');
      });
      let done = false;
      const seen: string[] = [];
      const reader = (async () => {
        while (!done) {
          const view = await store.read(async (r) => {
            const head = await r.head();
            const a = await r.getTrack('track-a-001');
            const b = await r.getTrack('track-b-002');
            return { pointer: head.active_track_id, active: [a, b].filter((t) => t.status === 'active').map((t) => t.track_id) };
          });
          seen.push(`${view.pointer}:${view.active.join(',')}`);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      try {
        for (let i = 0; i < 20; i++) {
          const [from, to] = i % 2 === 0 ? ['track-a-001', 'track-b-002'] : ['track-b-002', 'track-a-001'];
          await store.transaction(async (tx) => {
            await pause(tx, from);
            await activate(tx, to);
          });
        }
      } finally {
        done = true;
        await reader;
      }
      expect(seen.length).toBeGreaterThan(0);
      for (const view of seen) expect(['track-a-001:track-a-001', 'track-b-002:track-b-002']).toContain(view);
    });

    it('an acknowledged change is there for a new store instance', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await activate(tx, 'track-a-001');
      });
      const again = (opened as ContractStore).reopen();
      await again.read(async (r) => {
        expect((await r.head()).active_track_id).toBe('track-a-001');
        expect((await r.getTrack('track-a-001')).status).toBe('active');
      });
    });

    it('refuses, whole, a transaction that would leave two active tracks or a wrong pointer', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await tx.putTrack(track('track-b-002'));
        await activate(tx, 'track-a-001');
      });
      const two = await store.transaction((tx) => activate(tx, 'track-b-002')).catch((e: unknown) => e);
      expect(two).toBeInstanceOf(TrackError);
      const astray = await store
        .transaction(async (tx) => {
          await tx.setActive('track-b-002');
        })
        .catch((e: unknown) => e);
      expect(astray).toBeInstanceOf(TrackError);
      await store.read(async (r) => {
        expect((await r.head()).active_track_id).toBe('track-a-001');
        expect((await r.getTrack('track-b-002')).status).toBe('draft');
      });
    });

    it('refuses, whole, a change to a paused track that no checkpoint in the transaction holds', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await activate(tx, 'track-a-001');
        await pause(tx, 'track-a-001');
      });
      const refused = await store
        .transaction(async (tx) => {
          const t = await tx.getTrack('track-a-001');
          await tx.putTrack({ ...t, tags: ['lost'] });
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TrackError);
      expect((await store.read((r) => r.getTrack('track-a-001'))).tags).toEqual([]);
      await store.transaction(async (tx) => {
        const t = await tx.putTrack({ ...(await tx.getTrack('track-a-001')), tags: ['kept'] });
        await tx.writeCheckpoint({ track_id: t.track_id, kind: 'pause', created_at: tx.at, track: t, context_files: {} });
      });
      expect((await store.read((r) => r.getTrack('track-a-001'))).tags).toEqual(['kept']);
    });

    it('refuses a transaction opened inside another', async () => {
      const store = await fresh();
      const error = await store.transaction(() => store.transaction(async () => 'inner')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrackError);
    });

    it('stores an object once by its sha256, and reads back only intact bytes of the right size', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
      });
      const bytes = Buffer.from('artifact bytes\n');
      const [first, second] = await Promise.all([
        store.transaction((tx) => tx.putObject('track-a-001', bytes)),
        store.transaction((tx) => tx.putObject('track-a-001', bytes)),
      ]);
      expect(first).toEqual({ sha256: sha(bytes), size: bytes.length });
      expect(second).toEqual(first);
      await store.read(async (r) => {
        expect((await r.readObject('track-a-001', sha(bytes))).equals(bytes)).toBe(true);
        await expect(r.readObject('track-a-001', sha(bytes), bytes.length + 1)).rejects.toBeInstanceOf(TrackError);
        await expect(r.readObject('track-a-001', sha(Buffer.from('never stored')))).rejects.toBeInstanceOf(TrackError);
      });
    });

    it('names checkpoints in order and seals them: the stored text carries a checksum over its body', async () => {
      const store = await fresh();
      const ids = await store.transaction(async (tx) => {
        const t = await tx.putTrack(track('track-a-001'));
        const body = { track_id: t.track_id, kind: 'manual' as const, created_at: tx.at, track: t, context_files: {} };
        return [(await tx.writeCheckpoint(body)).checkpoint_id, (await tx.writeCheckpoint({ ...body, reason: 'again' })).checkpoint_id];
      });
      expect(ids).toEqual(['checkpoint-001', 'checkpoint-002']);
      await store.read(async (r) => {
        expect(await r.listCheckpoints('track-a-001')).toEqual(ids);
        const stored = JSON.parse((await r.readCheckpointText('track-a-001', 'checkpoint-002')) ?? 'null');
        expect(stored).toMatchObject({ checkpoint_id: 'checkpoint-002', reason: 'again' });
        expect(stored.checksum).toBe(checksumOf(stored));
        expect(await r.readCheckpointText('track-a-001', 'checkpoint-009')).toBeNull();
      });
    });

    it("writes and removes context documents, and lists a track's documents for export", async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await tx.writeContext('track-a-001', 'b.json', '{}\n');
        await tx.writeContext('track-a-001', 'a.md', 'a\n');
        await tx.putTrackFile('track-a-001', 'workflows/run-001/stdout.log', Buffer.from([0xff, 0x0a]));
      });
      await store.transaction((tx) => tx.writeContext('track-a-001', 'b.json', null));
      await store.read(async (r) => {
        expect(await r.listContext('track-a-001')).toEqual(['a.md']);
        const files = await r.trackFiles('track-a-001');
        expect(files.map((f) => f.path)).toEqual(['context/a.md', 'track.json', 'workflows/run-001/stdout.log']);
        expect(files[2]?.bytes.equals(Buffer.from([0xff, 0x0a]))).toBe(true);
      });
      await expect(store.transaction((tx) => tx.putTrackFile('track-a-001', '../escape', 'x'))).rejects.toBeInstanceOf(TrackError);
    });

    it('reports an unknown track with a typed error', async () => {
      const store = await fresh();
      await store.read(async (r) => {
        expect(await r.findTrack('track-nope-001')).toBeNull();
        await expect(r.getTrack('track-nope-001')).rejects.toBeInstanceOf(TrackNotFoundError);
      });
    });
  });
}
