import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../src/store/atomic-write.js';
import { io, resetIo } from '../../src/store/fs-seam.js';
import { acquireLock, releaseLock } from '../../src/store/lock.js';
import { tempDir } from '../helpers/temp.js';

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
});
