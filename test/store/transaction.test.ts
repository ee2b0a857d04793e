import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrackNotFoundError } from '../../src/core/errors.js';
import { newTrack } from '../../src/core/track-factory.js';
import { io, resetIo } from '../../src/store/file/fs-seam.js';
import { JOURNAL_FILE, toJournalOp, writeJournal } from '../../src/store/file/journal.js';
import { clearReadCache } from '../../src/store/file/read-cache.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const AT = '2026-01-01T00:00:00.000Z';
const make = (id: string) => newTrack({ track_id: id, name: id, type: 'feature', priority: 'P2', goal: 'g' }, AT);

describe('file store transactions', () => {
  let p: TempProject;
  afterEach(() => {
    resetIo();
    clearReadCache();
    p?.cleanup();
  });

  it('commits track and registry together and bumps the generation once', async () => {
    p = tempProject();
    await p.store.transaction(async (tx) => {
      await tx.putTrack(make('track-a-001'));
      await tx.putTrack(make('track-b-002'));
    });
    const registry = JSON.parse(readFileSync(join(p.root, 'track-registry.json'), 'utf8'));
    expect(registry.generation).toBe(1);
    expect(Object.keys(registry.tracks).sort()).toEqual(['track-a-001', 'track-b-002']);
    expect(registry.indexes.by_status.draft.sort()).toEqual(['track-a-001', 'track-b-002']);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('changes nothing when the body throws', async () => {
    p = tempProject();
    const before = readFileSync(join(p.root, 'track-registry.json'), 'utf8');
    await expect(
      p.store.transaction(async (tx) => {
        await tx.putTrack(make('track-a-001'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(join(p.root, 'track-registry.json'), 'utf8')).toBe(before);
    expect(existsSync(join(p.root, 'track-a-001'))).toBe(false);
  });

  it('reads inside a transaction come from disk, not the read cache', async () => {
    p = tempProject();
    await p.store.read((r) => r.openTracks());
    const path = join(p.root, 'track-registry.json');
    const reg = JSON.parse(readFileSync(path, 'utf8'));
    reg.next_sequence = 42;
    writeFileSync(path, JSON.stringify(reg));
    const seen = await p.store.transaction(async (tx) => (await tx.openTracks()).next_sequence);
    expect(seen).toBe(42);
  });

  it('serves read-only queries from the cache until the file changes', async () => {
    p = tempProject();
    let reads = 0;
    const real = io.readSync;
    io.readSync = (...args) => {
      reads++;
      return real(...args);
    };
    await p.store.read((r) => r.openTracks());
    const first = reads;
    await p.store.read((r) => r.openTracks());
    expect(reads - first).toBeLessThan(first);
    await p.store.transaction((tx) => tx.putTrack(make('track-a-001')));
    const seen = await p.store.read(async (r) => Object.keys((await r.openTracks()).tracks));
    expect(seen).toEqual(['track-a-001']);
  });

  it('rolls a leftover journal forward before the next transaction', async () => {
    p = tempProject();
    const registry = JSON.parse(readFileSync(join(p.root, 'track-registry.json'), 'utf8'));
    const track = make('track-a-001');
    registry.tracks['track-a-001'] = {
      track_id: 'track-a-001',
      name: 'track-a-001',
      type: 'feature',
      priority: 'P2',
      status: 'draft',
      created_at: AT,
      updated_at: AT,
    };
    registry.indexes = { by_type: { feature: ['track-a-001'] }, by_status: { draft: ['track-a-001'] }, by_priority: { P2: ['track-a-001'] } };
    registry.generation = 1;
    writeJournal(
      p.root,
      [
        { op: 'write', path: 'track-a-001/track.json', data: JSON.stringify(track) },
        { op: 'write', path: 'track-registry.json', data: JSON.stringify(registry) },
        { op: 'write', path: 'track-head.json', data: JSON.stringify({ format: 'track-head/1', generation: 1, active_track_id: null }) },
      ],
      AT,
    );
    // A reader sees the journal's committed state even before anyone rolls it forward.
    expect((await p.store.read((r) => r.getTrack('track-a-001'))).track_id).toBe('track-a-001');
    await p.store.transaction(async () => {});
    expect(existsSync(join(p.root, JOURNAL_FILE))).toBe(false);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('journals bytes that are not UTF-8 as base64 and rolls them forward byte for byte', async () => {
    p = tempProject();
    await p.store.transaction((tx) => tx.putTrack(make('track-a-001')));
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x80]);
    const ops = [toJournalOp('track-a-001/workflows/run-001/stdout.log', bytes)];
    expect(ops[0]).toMatchObject({ encoding: 'base64', data: bytes.toString('base64') });
    writeJournal(p.root, ops, AT);
    await p.store.transaction(async () => {});
    expect(readFileSync(join(p.root, 'track-a-001/workflows/run-001/stdout.log')).equals(bytes)).toBe(true);
  });

  it('reports unknown tracks with a typed error', async () => {
    p = tempProject();
    await expect(p.store.read((r) => r.getTrack('track-none-001'))).rejects.toBeInstanceOf(TrackNotFoundError);
  });

  it('refuses to nest transactions', async () => {
    p = tempProject();
    await expect(p.store.transaction(() => p.store.transaction(async () => 1))).rejects.toThrow(/inside another transaction/);
  });
});
