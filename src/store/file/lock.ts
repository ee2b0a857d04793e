import { LockTimeoutError } from '../../core/errors.js';
import { randomHex, randomUUID } from '../../core/hash.js';
import { decodeUtf8 } from '../../core/json.js';
import { sleep } from '../../core/sleep.js';
import { isProvablyGone, type ProcessIdentity, selfIdentity } from '../process-identity.js';
import { FILE_MODE, tempNameFor, unlinkQuietly, writeAll } from './atomic-write.js';
import { io, isErrno, O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY } from './fs-seam.js';
import { readFileBytes } from './safe-json.js';

export const LOCK_FILE = '.track.lock';
export const STALE_AFTER_MS = 30_000;
export const LOCK_TIMEOUT_ENV = 'TRACK_LOCK_TIMEOUT_MS';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface LockToken extends ProcessIdentity {
  token: string;
  created_at: string;
}

export interface HeldLock {
  path: string;
  token: LockToken;
  /** Inode of the lock file we created: identifies it when its token cannot be read back. */
  ino: number;
}

export function lockTimeoutMs(): number {
  const configured = Number(process.env[LOCK_TIMEOUT_ENV]);
  return Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_TIMEOUT_MS;
}

/** Reads a lock file's owner token; null when it is missing, empty or unreadable. */
export function readLockToken(path: string): LockToken | null {
  try {
    const parsed = JSON.parse(decodeUtf8(readFileBytes(path, 64 * 1024), path)) as Partial<LockToken>;
    return typeof parsed.token === 'string' && typeof parsed.pid === 'number' ? (parsed as LockToken) : null;
  } catch {
    return null;
  }
}

/**
 * A lock is stale when its owner is provably gone (dead pid, reused pid, another boot). A lock
 * whose token cannot be read (damaged by hand or by the disk) is stale only after 30 s. A live
 * owner's lock is never stale, however old: a stopped process still owns it.
 */
export function isStale(path: string, now = Date.now()): { stale: boolean; ino: number; owner: LockToken | null } | null {
  let st: import('node:fs').Stats;
  try {
    st = io.lstatSync(path);
  } catch {
    return null;
  }
  const owner = readLockToken(path);
  const old = now - st.mtimeMs > STALE_AFTER_MS;
  return { stale: owner === null ? old : isProvablyGone(owner), ino: st.ino, owner };
}

/**
 * Creates the lock file holding our token; returns its inode, or null when another lock exists.
 * The token is written to a temp file first and hard-linked into place (link fails if the lock
 * exists, like O_EXCL), so a lock file is never seen without its owner's token: a holder killed
 * at any point leaves a lock whose owner can be proven gone.
 */
function tryCreate(path: string, token: LockToken): number | null {
  const temp = tempNameFor(path);
  const fd = io.openSync(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, FILE_MODE);
  let ino: number;
  try {
    io.fchmodSync(fd, FILE_MODE);
    writeAll(fd, Buffer.from(JSON.stringify(token)));
    io.fsyncSync(fd);
    ino = io.fstatSync(fd).ino;
    io.closeSync(fd);
  } catch (error) {
    closeQuietly(fd);
    removeTemp(temp);
    throw error;
  }
  try {
    io.linkSync(temp, path);
  } catch (error) {
    removeTemp(temp);
    if (isErrno(error, 'EEXIST')) return null;
    throw error;
  }
  removeTemp(temp);
  return ino;
}

/** A temp file of a live process is never cleaned by anyone else, so removal is retried once. */
function removeTemp(temp: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      io.unlinkSync(temp);
      return;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    io.closeSync(fd);
  } catch {
    /* already closed, or the close itself failed */
  }
}

/**
 * Moves the lock file aside and removes it when it is the very file judged stale (same inode); if
 * a fresh lock slipped in between, puts it back. Putting back can fail (yet another lock was made
 * in that instant), which is why breakers of the store's lock take turns (see breakStaleLock):
 * this unguarded way is left for the breakers' own lock, where it needs two such races at once.
 */
function moveAsideIfSame(path: string, judgedIno: number): boolean {
  const aside = `${path}.broken-${randomHex(6)}`;
  try {
    io.renameSync(path, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
  let movedIno = -1;
  try {
    movedIno = io.lstatSync(aside).ino;
  } catch {
    /* vanished */
  }
  if (movedIno !== judgedIno) {
    try {
      io.linkSync(aside, path);
    } catch {
      /* someone holds a newer lock already; the moved one was not ours to keep */
    }
  }
  unlinkQuietly(aside);
  return movedIno === judgedIno;
}

/** Beside the lock: held by whoever is breaking a stale lock, for the instant it takes. */
export const BREAKER_SUFFIX = '.breaking';

/**
 * Breaks a stale lock safely. Breakers take turns under a second lock file, and the one whose
 * turn it is judges the lock again before moving it: while it holds the turn nobody else can
 * remove the stale lock, and its dead owner never will, so the file it moves is the stale one —
 * never a live holder's lock that another breaker put there in the meantime. Returns false when
 * it broke nothing (another breaker's turn, or the lock is no longer the stale one).
 */
export function breakStaleLock(path: string, judgedIno: number): boolean {
  const turn = `${path}${BREAKER_SUFFIX}`;
  const token: LockToken = { token: randomUUID(), ...selfIdentity(), created_at: new Date().toISOString() };
  const ino = tryCreate(turn, token);
  if (ino === null) {
    // A breaker killed in its turn leaves the turn's file behind: break that the unguarded way.
    const breaker = isStale(turn);
    if (breaker?.stale) moveAsideIfSame(turn, breaker.ino);
    return false;
  }
  try {
    const now = isStale(path);
    if (!now?.stale || now.ino !== judgedIno) return false;
    return moveAsideIfSame(path, judgedIno);
  } finally {
    releaseLock({ path: turn, token, ino });
  }
}

export async function acquireLock(path: string, timeoutMs = lockTimeoutMs()): Promise<HeldLock> {
  const token: LockToken = { token: randomUUID(), ...selfIdentity(), created_at: new Date().toISOString() };
  const started = Date.now();
  let delay = 2;
  for (;;) {
    const ino = tryCreate(path, token);
    if (ino !== null) return { path, token, ino };
    const judged = isStale(path);
    if (judged?.stale) {
      // Another breaker's turn: it is a matter of moments.
      if (!breakStaleLock(path, judged.ino)) await sleep(1);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      const owner = judged?.owner ? `pid ${judged.owner.pid} on ${judged.owner.host}` : 'an unknown process';
      throw new LockTimeoutError(path, owner, waited);
    }
    await sleep(Math.min(delay, timeoutMs - waited) * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 50);
  }
}

/**
 * Releases only our own lock: a lock whose token differs is someone else's. When the token cannot
 * be read back (an I/O error), the inode we created identifies it. The unlink is retried, because
 * a lock left by a live process (a long-running MCP server) would never become stale.
 */
export function releaseLock(lock: HeldLock): void {
  if (!isOurs(lock)) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      io.unlinkSync(lock.path);
      return;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
    }
  }
}

function isOurs(lock: HeldLock): boolean {
  for (let attempt = 0; ; attempt++) {
    const owner = readLockToken(lock.path);
    if (owner) return owner.token === lock.token.token;
    let ino: number;
    try {
      ino = io.lstatSync(lock.path).ino;
    } catch (error) {
      if (isErrno(error, 'ENOENT') || attempt >= 2) return false;
      continue;
    }
    if (attempt >= 2) return ino === lock.ino;
  }
}
