import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrack } from '../../src/features/tracks/lifecycle.js';
import { listTracks } from '../../src/features/tracks/queries.js';
import { atomicWriteFile } from '../../src/store/file/atomic-write.js';
import { io, resetIo } from '../../src/store/file/fs-seam.js';
import { acquireLock, releaseLock } from '../../src/store/file/lock.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir, tempProject } from '../helpers/temp.js';

/** Bugs the fault-injection loop found; each failed before its fix. */
describe('fault regressions', () => {
  const t = tempDir('track-regress-');
  afterEach(() => resetIo());

  const failOnce = <K extends 'closeSync' | 'readSync'>(op: K, code: string) => {
    const real = io[op];
    let armed = true;
    (io as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => {
      if (armed) {
        armed = false;
        throw Object.assign(new Error(code), { code });
      }
      return (real as (...a: unknown[]) => unknown)(...args);
    };
  };

  it('a lock whose close fails is removed, not left held by a live process', async () => {
    const path = join(t.dir, 'close.lock');
    failOnce('closeSync', 'EIO');
    await expect(acquireLock(path, 100)).rejects.toMatchObject({ code: 'EIO' });
    expect(existsSync(path)).toBe(false);
  });

  it('a lock whose token cannot be read back is still released (by its inode)', async () => {
    const path = join(t.dir, 'read.lock');
    const lock = await acquireLock(path, 100);
    failOnce('readSync', 'EIO');
    releaseLock(lock);
    expect(existsSync(path)).toBe(false);
  });

  it('an atomic write whose close fails leaves no temp file and no target', () => {
    const target = join(t.dir, 'doc.json');
    failOnce('closeSync', 'EIO');
    expect(() => atomicWriteFile(target, '{}')).toThrow();
    expect(readdirSync(t.dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });

  /** Fails the first `op` after the journal has been renamed into place. */
  const failAfterJournal = (op: 'fsyncSync' | 'renameSync', code: string) => {
    const rename = io.renameSync;
    const target = io[op] as (...a: unknown[]) => unknown;
    let journalInPlace = false;
    let armed = true;
    io.renameSync = (from, to) => {
      const before = journalInPlace;
      if (to.endsWith('.track.journal.json')) journalInPlace = true;
      if (op === 'renameSync' && before && armed) {
        armed = false;
        throw Object.assign(new Error(code), { code });
      }
      return rename(from, to);
    };
    if (op === 'fsyncSync') {
      (io as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => {
        if (journalInPlace && armed) {
          armed = false;
          throw Object.assign(new Error(code), { code });
        }
        return target(...args);
      };
    }
  };

  it('a transaction reported as failed never takes effect later (journal renamed, directory fsync failed)', async () => {
    const p = tempProject('track-regress-');
    failAfterJournal('fsyncSync', 'EIO');
    await expect(createTrack(p.store, { name: 'Ghost', goal: 'g' })).rejects.toMatchObject({ code: 'EIO' });
    resetIo();
    expect(existsSync(join(p.root, '.track.journal.json'))).toBe(false);
    expect(await listTracks(p.store)).toEqual([]);
    p.cleanup();
  });

  it('a committed transaction whose apply fails is reported as done, seen by readers, and rolled forward', async () => {
    const p = tempProject('track-regress-');
    failAfterJournal('renameSync', 'ENOSPC');
    const created = (await createTrack(p.store, { name: 'Kept', goal: 'g' })).track;
    resetIo();
    expect(existsSync(join(p.root, '.track.journal.json'))).toBe(true);
    expect((await listTracks(p.store)).map((t) => t.track_id)).toEqual([created.track_id]);
    (await createTrack(p.store, { name: 'Next', goal: 'g' })).track;
    expect(storeProblems(p.root)).toEqual([]);
    p.cleanup();
  });

  it('the lock file never exists without its owner token (a holder killed mid-acquire stays provably dead)', async () => {
    const path = join(t.dir, 'linked.lock');
    const open = io.openSync;
    const link = io.linkSync;
    const opened: string[] = [];
    io.openSync = (p, flags, mode) => {
      opened.push(p);
      return open(p, flags, mode);
    };
    let tokenAtLink = '';
    io.linkSync = (from, to) => {
      tokenAtLink = readFileSync(from, 'utf8');
      return link(from, to);
    };
    const lock = await acquireLock(path, 100);
    expect(opened).not.toContain(path);
    expect(JSON.parse(tokenAtLink).token).toBe(lock.token.token);
    releaseLock(lock);
    expect(readdirSync(t.dir).filter((n) => n.includes('linked.lock'))).toEqual([]);
  });
});
