/**
 * The store port's guarantees (src/store/port.ts), as tests any implementation must pass.
 * `describeStoreContract(name, open)` registers them for one store; `open` makes a fresh, empty
 * store and can reopen it (a new instance over the same data), and cleans up.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checksumOf } from '../../src/core/checkpoint-seal.js';
import { TrackError, TrackNotFoundError } from '../../src/core/errors.js';
import { transition } from '../../src/core/lifecycle.js';
import type { CommandProcess, Run, Track } from '../../src/core/schema.js';
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

    it('reads documents as stored: a track, a checkpoint parsed and as text, a run, whatever its shape', async () => {
      const store = await fresh();
      const checkpoint = await store.transaction(async (tx) => {
        const t = await tx.putTrack(track('track-a-001'));
        await tx.putRun(run('track-a-001', 'run-001'));
        await tx.putTrackFile('track-a-001', 'workflows/run-002/run.json', '{"not":"a run"}\n');
        return tx.writeCheckpoint({ track_id: t.track_id, kind: 'manual', created_at: tx.at, track: t, context_files: {} });
      });
      await store.read(async (r) => {
        expect(JSON.parse((await r.readTrackText('track-a-001')) ?? 'null')).toEqual(await r.getTrack('track-a-001'));
        expect(await r.readTrackText('track-nope-001')).toBeNull();
        expect(await r.readCheckpoint('track-a-001', checkpoint.checkpoint_id)).toEqual(checkpoint);
        expect(JSON.parse((await r.readCheckpointText('track-a-001', checkpoint.checkpoint_id)) ?? 'null')).toEqual(checkpoint);
        expect(await r.readCheckpoint('track-a-001', 'checkpoint-009')).toBeNull();
        expect(JSON.parse((await r.readRunText('track-a-001', 'run-001')) ?? 'null')).toEqual(run('track-a-001', 'run-001'));
        expect(await r.readRunText('track-a-001', 'run-002')).toBe('{"not":"a run"}\n');
        expect(await r.readRunText('track-a-001', 'run-003')).toBeNull();
        expect(await r.listRuns('track-a-001')).toEqual(['run-001', 'run-002']);
      });
    });

    it('counts an id in use once a track or any document of one has it; objects alone do not count', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await tx.putObject('track-b-002', Buffer.from('left by an interrupted import'));
        await tx.putTrackFile('track-c-003', 'context/notes.md', 'no track.json yet\n');
      });
      await store.read(async (r) => {
        expect(await r.idInUse('track-a-001')).toBe(true);
        expect(await r.idInUse('track-b-002')).toBe(false);
        expect(await r.idInUse('track-c-003')).toBe(true);
        expect(await r.idInUse('track-d-004')).toBe(false);
      });
    });

    it('tells whether a transaction changed a track after the last checkpoint it wrote of it', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
      });
      await store.transaction(async (tx) => {
        expect(await tx.needsCheckpoint('track-a-001')).toBe(false);
        await tx.writeContext('track-a-001', 'notes.md', 'x\n');
        expect(await tx.needsCheckpoint('track-a-001')).toBe(true);
        const t = await tx.getTrack('track-a-001');
        await tx.writeCheckpoint({ track_id: t.track_id, kind: 'manual', created_at: tx.at, track: t, context_files: {} });
        expect(await tx.needsCheckpoint('track-a-001')).toBe(false);
        await tx.putTrack({ ...t, tags: ['changed'] });
        expect(await tx.needsCheckpoint('track-a-001')).toBe(true);
      });
    });

    it('keeps what a running command leaves outside transactions: its logs, its process, how it ended, its files', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await tx.putRun(run('track-a-001', 'run-001'));
      });
      await store.read(async (r) => {
        expect(await r.readCommand('track-a-001', 'run-001')).toBeNull();
        expect(await r.readCommandExit('track-a-001', 'run-001')).toBeNull();
        expect(await r.readLogTail('track-a-001', 'run-001', 'stdout.log', 100)).toBeNull();
      });
      const output = await store.openRunOutput('track-a-001', 'run-001');
      const log = output.openLog('stdout.log');
      log.write('one\n');
      log.write(Buffer.from('two\nthree\n'));
      log.close();
      const command: CommandProcess = { pid: 4242, host: 'builder', boot_id: null, start_time: null, attempt: 2, task: 'build', started_at: AT };
      output.recordCommand(command);
      writeFileSync(output.exitFile, '{"pid":4242,"exit_code":3}\n'); // as the command's wrapper shell writes it
      writeFileSync(join(output.dir, 'report.txt'), 'the command may write here\n');
      expect(readFileSync(join(output.dir, 'report.txt'), 'utf8')).toBe('the command may write here\n');
      await store.read(async (r) => {
        expect(await r.readCommand('track-a-001', 'run-001')).toEqual(command);
        expect(await r.readCommandExit('track-a-001', 'run-001')).toEqual({ pid: 4242, exit_code: 3 });
        expect(await r.readLogTail('track-a-001', 'run-001', 'stdout.log', 100)).toEqual({ text: 'one\ntwo\nthree\n', bytes: 14, truncated: false });
        // The last 8 bytes are "o\nthree\n": the cut first line is dropped.
        expect(await r.readLogTail('track-a-001', 'run-001', 'stdout.log', 8)).toEqual({ text: 'three\n', bytes: 14, truncated: true });
      });
      writeFileSync(output.exitFile, 'not json');
      expect(await store.read((r) => r.readCommandExit('track-a-001', 'run-001'))).toBeNull();
    });

    it("names the project's folders of workflow definitions and templates, outside the store", async () => {
      const store = await fresh();
      for (const dir of [store.workflowsDir, store.templatesDir]) {
        expect(dir.startsWith(store.projectDir)).toBe(true);
        expect(store.contains(dir)).toBe(false);
      }
      expect(store.workflowsDir).not.toBe(store.templatesDir);
    });

    it('says which paths are its own, also through a symbolic link, so that a file the user names is never one of them', async () => {
      const store = await fresh();
      await store.transaction(async (tx) => {
        await tx.putTrack(track('track-a-001'));
        await tx.putRun(run('track-a-001', 'run-001'));
      });
      const output = await store.openRunOutput('track-a-001', 'run-001');
      expect(store.contains(join(output.dir, 'stdout.log'))).toBe(true);
      expect(store.contains(join(store.projectDir, 'notes.md'))).toBe(false);
      const elsewhere = mkdtempSync(join(tmpdir(), 'track-contract-link-'));
      try {
        mkdirSync(join(elsewhere, 'sub'));
        symlinkSync(output.dir, join(elsewhere, 'sub', 'into-the-store'));
        expect(store.contains(join(elsewhere, 'sub', 'into-the-store', 'bundle.json'))).toBe(true);
        expect(store.contains(join(elsewhere, 'sub', 'bundle.json'))).toBe(false);
        expect(store.contains(dirname(output.dir))).toBe(true);
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
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
