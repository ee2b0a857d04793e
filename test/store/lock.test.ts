import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockTimeoutError } from '../../src/core/errors.js';
import { acquireLock, breakStaleLock, isStale, releaseLock } from '../../src/store/file/lock.js';
import { selfIdentity } from '../../src/store/process-identity.js';
import { tempDir } from '../helpers/temp.js';

const deadPid = (): number => {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
};

const plant = (path: string, owner: object, ageMs: number) => {
  writeFileSync(path, JSON.stringify({ token: 'planted', created_at: new Date().toISOString(), ...owner }));
  const then = new Date(Date.now() - ageMs);
  utimesSync(path, then, then);
};

describe('lock', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('is exclusive and records an owner token', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    const lock = await acquireLock(path);
    const token = JSON.parse(readFileSync(path, 'utf8'));
    expect(token).toMatchObject({ token: lock.token.token, pid: process.pid });
    await expect(acquireLock(path, 50)).rejects.toBeInstanceOf(LockTimeoutError);
    releaseLock(lock);
    expect(existsSync(path)).toBe(false);
  });

  it('takes over an old lock whose owner is dead', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    plant(path, { ...selfIdentity(), pid: deadPid(), start_time: null }, 31_000);
    expect(isStale(path)?.stale).toBe(true);
    const lock = await acquireLock(path, 1000);
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(lock.token.token);
    releaseLock(lock);
  });

  it('takes over at once a lock whose owner is provably dead', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    plant(path, { ...selfIdentity(), pid: deadPid(), start_time: null }, 0);
    const lock = await acquireLock(path, 200);
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(lock.token.token);
    releaseLock(lock);
  });

  it('waits 30 s before breaking a lock whose token is unreadable', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    writeFileSync(path, '');
    expect(isStale(path)?.stale).toBe(false);
    await expect(acquireLock(path, 100)).rejects.toBeInstanceOf(LockTimeoutError);
    const then = new Date(Date.now() - 31_000);
    utimesSync(path, then, then);
    expect(isStale(path)?.stale).toBe(true);
  });

  it('never takes over an old lock whose owner is alive', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    plant(path, selfIdentity(), 120_000);
    expect(isStale(path)?.stale).toBe(false);
    await expect(acquireLock(path, 100)).rejects.toBeInstanceOf(LockTimeoutError);
  });

  it('treats a reused pid (different start time) as gone', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    plant(path, { ...selfIdentity(), start_time: '1' }, 60_000);
    expect(isStale(path)?.stale).toBe(true);
  });

  it('treats an owner from another boot as gone, and another host as unknown', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    plant(path, { ...selfIdentity(), boot_id: 'another-boot' }, 60_000);
    expect(isStale(path)?.stale).toBe(selfIdentity().boot_id !== null);
    plant(path, { ...selfIdentity(), host: 'elsewhere.example' }, 60_000);
    expect(isStale(path)?.stale).toBe(false);
  });

  it('releases only its own token', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, '.track.lock');
    const lock = await acquireLock(path);
    writeFileSync(path, JSON.stringify({ token: 'someone-else', pid: 1 }));
    releaseLock(lock);
    expect(existsSync(path)).toBe(true);
  });
});

describe('breaking a stale lock', () => {
  it("never removes a live holder's lock that another breaker put there after it judged the old one stale", async () => {
    const t = tempDir();
    try {
      const path = join(t.dir, '.track.lock');
      plant(path, { ...selfIdentity(), pid: deadPid(), start_time: null }, 0);
      // B judges the dead owner's lock stale …
      const judgedByB = isStale(path);
      expect(judgedByB?.stale).toBe(true);
      // … C breaks that same lock first and now holds a fresh one …
      const c = await acquireLock(path, 1_000);
      // … and D tries to lock at every file operation B makes, as a process scheduled in between would.
      const fs = await import('../../src/store/file/fs-seam.js');
      const rename = fs.io.renameSync;
      let d: Awaited<ReturnType<typeof acquireLock>> | null = null;
      fs.io.renameSync = (from, to) => {
        rename(from, to);
        if (String(from) === path)
          acquireLock(path, 0).then(
            (l) => (d = l),
            () => {},
          );
      };
      try {
        expect(breakStaleLock(path, (judgedByB as { ino: number }).ino)).toBe(false);
        await new Promise((r) => setTimeout(r, 20));
      } finally {
        fs.io.renameSync = rename;
      }
      expect(d).toBeNull();
      expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(c.token.token);
      releaseLock(c);
      expect(existsSync(`${path}.breaking`)).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
