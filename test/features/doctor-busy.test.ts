import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose, doctor } from '../../src/features/doctor/doctor.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { io, O_CREAT, resetIo } from '../../src/store/file/fs-seam.js';
import { LOCK_FILE } from '../../src/store/file/lock.js';
import { FileTx } from '../../src/store/file/transaction.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

/**
 * Doctor reads without the lock and rescans while writers commit. Agents that keep committing
 * through every rescan must not make it report damage stitched together from two moments.
 */
describe('track doctor on a store that never holds still', () => {
  let p: TempProject;
  afterEach(() => {
    resetIo();
    p?.cleanup();
  });

  /** A writer that commits (renaming the track) between doctor's file reads, whenever the lock is free. */
  function busyWriter(trackId: string): { commits(): number } {
    let commits = 0;
    let writing = false;
    const open = io.openSync;
    io.openSync = (path, flags, mode) => {
      if (!writing && (flags & O_CREAT) === 0 && !existsSync(join(p.root, LOCK_FILE))) {
        writing = true;
        try {
          const tx = new FileTx(p.root, p.dir, new Date().toISOString(), p.store.lane);
          tx.putTrack({ ...tx.getTrack(trackId), name: `Renamed ${++commits}` });
          tx.commit();
        } finally {
          writing = false;
        }
      }
      return open(path, flags, mode);
    };
    return { commits: () => commits };
  }

  it('reports no damage in a healthy store whose writers commit through every scan', async () => {
    p = tempProject('track-doctor-busy-');
    const a = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track;
    await life.createTrack(p.store, { name: 'Beta', goal: 'g' });
    const writer = busyWriter(a.track_id);
    expect(await diagnose(p.store)).toEqual([]);
    const report = await doctor(p.store, { fix: false });
    expect(report.problems).toEqual([]);
    expect(report.healthy).toBe(true);
    expect(writer.commits()).toBeGreaterThan(20);
    resetIo();
    expect(storeProblems(p.root)).toEqual([]);
    expect((await diagnose(p.store)).length).toBe(0);
  });
});
