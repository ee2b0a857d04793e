import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activateTrack, createTrack } from '../../src/features/tracks/lifecycle.js';
import { watchChanges } from '../../src/features/watch/watch-changes.js';
import type { ChangedTrack, StoreChange } from '../../src/store/changes.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { acquireLock, LOCK_FILE, releaseLock } from '../../src/store/file/lock.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);

const statusOf = (tracks: ChangedTrack[], id: string): string | undefined => {
  const found = tracks.find((t) => t.track_id === id);
  return found && 'status' in found ? found.status : undefined;
};

/** A watch of the store, started: the iterator, and a promise of its being ready. */
function watching(store: FileStore, signal: AbortSignal) {
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const changes = watchChanges(store, { signal, onStatus: (s) => s.state === 'watching' && ready() })[Symbol.asyncIterator]();
  return { changes, first: changes.next(), ready: isReady };
}

describe('watchChanges on a file store', () => {
  let p: TempProject;
  let stop: AbortController;
  beforeEach(() => {
    stop = new AbortController();
  });
  // A watch ends through its signal: an iterator's return() waits for its next change.
  afterEach(() => {
    stop.abort();
    p?.cleanup();
  });

  it('yields each commit with the changed tracks’ summaries, and ends when its signal aborts', async () => {
    p = tempProject('track-watch-lib-');
    const w = watching(p.store, stop.signal);
    await within(w.ready, 5_000, 'ready');

    const { track } = await createTrack(p.store, { name: 'Watched', goal: 'g', priority: 'P1' });
    const created = (await within(w.first, 5_000, 'change')).value as StoreChange;
    expect(created).toMatchObject({ generation: 1, lane: 'default', tracks: [{ track_id: track.track_id, name: 'Watched', priority: 'P1', status: 'draft' }] });
    expect(Date.parse(created.at)).not.toBeNaN();
    expect(created.catch_up).toBeUndefined();

    await activateTrack(p.store, { track_id: track.track_id });
    const activated = (await within(w.changes.next(), 5_000, 'change')).value as StoreChange;
    expect(activated.generation).toBe(2);
    expect(activated.tracks).toHaveLength(1);
    expect(statusOf(activated.tracks, track.track_id)).toBe('active');

    const pending = w.changes.next();
    stop.abort();
    expect(await within(pending, 2_000, 'end')).toEqual({ done: true, value: undefined });
  });

  it('names the lane that committed', async () => {
    p = tempProject('track-watch-lane-');
    const w = watching(p.store, stop.signal);
    await within(w.ready, 5_000, 'ready');
    const agent = FileStore.open({ root: p.root, lane: 'agent-a' });
    const { track } = await createTrack(agent, { name: 'Laned', goal: 'g' });
    await within(w.first, 5_000, 'change');
    await activateTrack(agent, { track_id: track.track_id });
    const activated = (await within(w.changes.next(), 5_000, 'change')).value as StoreChange;
    expect(activated.lane).toBe('agent-a');
    expect(statusOf(activated.tracks, track.track_id)).toBe('active');
  });

  it('misses no track when commits come faster than it reads (close ones may be one change)', async () => {
    p = tempProject('track-watch-burst-');
    const w = watching(p.store, stop.signal);
    await within(w.ready, 5_000, 'ready');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await createTrack(p.store, { name: `Burst ${i}`, goal: 'g' })).track.track_id);
    const seen = new Set<string>();
    const generations: number[] = [];
    let next = w.first;
    for (;;) {
      const change = (await within(next, 5_000, 'change')).value as StoreChange;
      generations.push(change.generation);
      for (const t of change.tracks) seen.add(t.track_id);
      if (change.generation === 20) break;
      next = w.changes.next();
    }
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(generations).toEqual([...new Set(generations)].sort((a, b) => a - b));
  });

  it('never takes the lock: it starts and reads while a writer holds it', async () => {
    p = tempProject('track-watch-lock-');
    await createTrack(p.store, { name: 'Before', goal: 'g' });
    const lock = await acquireLock(join(p.root, LOCK_FILE));
    try {
      const w = watching(p.store, stop.signal);
      await within(w.ready, 2_000, 'ready while the lock is held');
      stop.abort();
      expect(await within(w.first, 2_000, 'end')).toEqual({ done: true, value: undefined });
    } finally {
      releaseLock(lock);
    }
  });
});
