import { readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../src/store/file/atomic-write.js';
import { io, resetIo } from '../../src/store/file/fs-seam.js';
import { tempDir } from '../helpers/temp.js';

describe('atomic write', () => {
  let cleanup = () => {};
  afterEach(() => {
    resetIo();
    cleanup();
  });

  it('loops over short writes until every byte is written', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const real = io.writeSync;
    let calls = 0;
    io.writeSync = (fd, b, o, l, p) => {
      calls++;
      return real(fd, b, o, Math.min(l, 7), p);
    };
    const data = 'x'.repeat(1000);
    atomicWriteFile(join(t.dir, 'f.json'), data);
    expect(readFileSync(join(t.dir, 'f.json'), 'utf8')).toBe(data);
    expect(calls).toBeGreaterThanOrEqual(143);
  });

  it('leaves the old file and no temp file when the disk fills mid-write', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const target = join(t.dir, 'f.json');
    writeFileSync(target, 'old');
    const real = io.writeSync;
    let calls = 0;
    io.writeSync = (fd, b, o, l, p) => {
      if (++calls === 2) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      return real(fd, b, o, Math.min(l, 10), p);
    };
    expect(() => atomicWriteFile(target, 'new content that is long enough')).toThrow(/no space/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(t.dir)).toEqual(['f.json']);
  });

  it('treats a write that makes no progress as an error', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    io.writeSync = () => 0;
    expect(() => atomicWriteFile(join(t.dir, 'f'), 'data')).toThrow(/no progress/);
    expect(readdirSync(t.dir)).toEqual([]);
  });

  it('fails cleanly when fsync fails, keeping the target', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const target = join(t.dir, 'f');
    writeFileSync(target, 'old');
    io.fsyncSync = () => {
      throw Object.assign(new Error('io'), { code: 'EIO' });
    };
    expect(() => atomicWriteFile(target, 'new')).toThrow();
    resetIo();
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(t.dir)).toEqual(['f']);
  });

  it('replaces a planted symlink instead of writing through it', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const victim = join(t.dir, 'victim');
    writeFileSync(victim, 'precious');
    const target = join(t.dir, 'track.json');
    symlinkSync(victim, target);
    atomicWriteFile(target, 'mine');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(target, 'utf8')).toBe('mine');
  });

  it('creates files 0600 whatever the umask', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const old = process.umask(0);
    try {
      atomicWriteFile(join(t.dir, 'f'), 'x');
    } finally {
      process.umask(old);
    }
    expect(statSync(join(t.dir, 'f')).mode & 0o777).toBe(0o600);
  });
});
