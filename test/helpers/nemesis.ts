/**
 * The nemesis' hands: a pool of worker processes (a killed worker's slot carries on where it
 * stopped) and strikes that freeze a worker, read who holds the store's lock while it cannot
 * move, and kill it — so a kill counted as "of the lock holder" provably was one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { JOURNAL_FILE } from '../../src/store/file/journal.js';
import { LOCK_FILE, type LockToken, readLockToken } from '../../src/store/file/lock.js';
import { processStartTime } from '../../src/store/process-identity.js';

const WORKER = fileURLToPath(new URL('./nemesis-worker.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

export interface Worker {
  child: ChildProcess;
  pid: number;
  /** The library is loaded: it works on the store as soon as it has its orders. */
  ready: boolean;
  /** Its orders, once given: its id in the operation log, its slot, the slot's first operation it runs. */
  id?: string;
  slot?: number;
  from?: number;
  /** Taken by a strike or a long stop: no other may take it. */
  claimed: boolean;
}

/** Counts the operations each worker logged, reading only what was appended since the last look. */
class LogTail {
  private offset = 0;
  private rest = '';
  private readonly counts = new Map<string, number>();
  private all = 0;

  constructor(private readonly file: string) {}

  countFor(workerId: string): number {
    this.readNew();
    return this.counts.get(workerId) ?? 0;
  }

  total(): number {
    this.readNew();
    return this.all;
  }

  private readNew(): void {
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(1 << 16);
      for (let n = readSync(fd, buffer, 0, buffer.length, this.offset); n > 0; n = readSync(fd, buffer, 0, buffer.length, this.offset)) {
        this.offset += n;
        const lines = (this.rest + buffer.toString('utf8', 0, n)).split('\n');
        this.rest = lines.pop() ?? '';
        for (const line of lines) {
          const id = /^\{"w":"([^"]+)"/.exec(line)?.[1];
          if (!id) continue;
          this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
          this.all++;
        }
      }
    } finally {
      closeSync(fd);
    }
  }
}

export interface PoolOptions {
  projectDir: string;
  logFile: string;
  opsPerSlot: number;
  env: NodeJS.ProcessEnv;
  /** The library file workers import (see `bundleLibrary`). */
  library: string;
}

/** dist/index.js bundled into one file: a worker loads it in half the time the many modules of dist/ take. */
export async function bundleLibrary(outfile: string): Promise<string> {
  await build({
    entryPoints: [DIST],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@modelcontextprotocol/*'],
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Slots of workers, each running its share of operations. A killed worker's slot goes at once to
 * a spare that has loaded the library already (start-up on a loaded machine takes seconds), and a
 * new spare is started behind it.
 */
export class WorkerPool {
  /** Workers with orders, by pid. */
  readonly live = new Map<number, Worker>();
  private readonly spares: Worker[] = [];
  private given = 0;
  private closed = false;
  private readonly log: LogTail;

  constructor(private readonly options: PoolOptions) {
    this.log = new LogTail(options.logFile);
  }

  /** Operations logged so far. */
  logged(): number {
    return this.log.total();
  }

  /** Worker processes given orders so far. */
  get started(): number {
    return this.given;
  }

  /** Starts `slots` workers and `spares` spares; resolves once every slot's worker is working (or `withinMs` passed). */
  async start(slots: number, spares: number, withinMs: number): Promise<void> {
    for (let n = 0; n < spares; n++) this.spawnSpare();
    for (let slot = 0; slot < slots; slot++) this.assign(slot, 0);
    const until = Date.now() + withinMs;
    while ([...this.live.values()].some((w) => !w.ready) && Date.now() < until) await sleep(20);
  }

  /** Claims a random working worker no one else has claimed. */
  claimAny(): Worker | null {
    const free = [...this.live.values()].filter((w) => w.ready && !w.claimed);
    const worker = free[Math.floor(Math.random() * free.length)];
    if (!worker) return null;
    worker.claimed = true;
    return worker;
  }

  /** Gives the killed worker's slot to a spare, after the operation it was killed in (never acknowledged, never retried). */
  restart(killed: Worker): void {
    if (killed.id === undefined || killed.slot === undefined || killed.from === undefined) return;
    this.assign(killed.slot, killed.from + this.log.countFor(killed.id) + 1);
  }

  async killAll(): Promise<void> {
    this.closed = true;
    const all = [...this.live.values(), ...this.spares.splice(0)];
    for (const w of all) w.child.kill('SIGKILL');
    await Promise.all(all.map((w) => exited(w.child)));
  }

  private assign(slot: number, from: number): void {
    const { opsPerSlot } = this.options;
    if (from >= opsPerSlot) return;
    // The longest-waiting spare, the readiest, takes the slot; its replacement is started after this turn of the nemesis.
    if (this.spares.length > 1) setImmediate(() => this.spawnSpare());
    else this.spawnSpare();
    const worker = this.spares.shift() as Worker;
    Object.assign(worker, { id: `w${slot}g${this.given++}`, slot, from });
    this.live.set(worker.pid, worker);
    worker.child.stdin?.end(`${JSON.stringify({ id: worker.id, from, to: opsPerSlot })}\n`);
  }

  private spawnSpare(): void {
    if (this.closed) return;
    const { projectDir, logFile, env, library } = this.options;
    const child = spawn(process.execPath, [WORKER, projectDir, logFile, library], { stdio: ['pipe', 'pipe', 'ignore'], env });
    const pid = child.pid;
    if (pid === undefined) throw new Error('could not start a nemesis worker');
    const worker: Worker = { child, pid, ready: false, claimed: false };
    this.spares.push(worker);
    child.stdout?.once('data', () => {
      worker.ready = true;
    });
    child.stdout?.resume();
    child.stdin?.on('error', () => {}); // a spare killed at the end never reads its orders
    child.on('exit', () => {
      this.live.delete(pid);
      const spare = this.spares.indexOf(worker);
      if (spare >= 0) this.spares.splice(spare, 1);
    });
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The scheduler state of a process (R, S, D, T, Z …), or null once it is gone. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2);
  } catch {
    return null;
  }
}

const isGone = (pid: number): boolean => [null, 'Z', 'X'].includes(procState(pid));

/**
 * SIGSTOPs the worker and waits until the kernel shows it stopped: from then on it runs no
 * instruction, so what the disk says it holds it holds until it is killed or continued.
 */
async function freeze(worker: Worker): Promise<boolean> {
  if (!worker.child.kill('SIGSTOP')) return false;
  for (let poll = 0; poll < 2000; poll++) {
    const state = procState(worker.pid);
    if (state === 'T' || state === 't') return true;
    if (isGone(worker.pid)) return false;
    await sleep(1);
  }
  return false;
}

/** The lock's owner token, if it names this very process (same pid and start time). */
function lockOf(root: string, worker: Worker): LockToken | null {
  const owner = readLockToken(join(root, LOCK_FILE));
  return owner?.pid === worker.pid && owner.start_time === processStartTime(worker.pid) ? owner : null;
}

/** Polls the lock until it names a live worker no one has claimed, and claims it; null when none did within `withinMs`. */
export async function claimHolder(pool: WorkerPool, root: string, withinMs: number): Promise<Worker | null> {
  const until = Date.now() + withinMs;
  do {
    const pid = readLockToken(join(root, LOCK_FILE))?.pid;
    const worker = pid === undefined ? undefined : pool.live.get(pid);
    if (worker && !worker.claimed) {
      worker.claimed = true;
      return worker;
    }
    await sleep(1);
  } while (Date.now() < until);
  return null;
}

export interface Strike {
  /** The lock named the worker, frozen, when it was killed: it died holding it, inside a transaction. */
  holder: boolean;
  /** It held the lock with the transaction's journal on disk: killed mid-commit. */
  midCommit: boolean;
}

/** Freezes, inspects and SIGKILLs a claimed worker; null when it had already exited (no kill delivered). */
export async function strike(worker: Worker, root: string): Promise<Strike | null> {
  const frozen = await freeze(worker);
  if (!frozen && isGone(worker.pid)) return null;
  const holder = frozen && lockOf(root, worker) !== null;
  const midCommit = holder && existsSync(join(root, JOURNAL_FILE));
  if (!worker.child.kill('SIGKILL')) return null;
  // A frozen process never runs again: it has logged all it ever will. Otherwise wait for it to be gone.
  if (!frozen) await exited(worker.child);
  return { holder, midCommit };
}

/**
 * SIGSTOPs the lock holder for `ms`, then SIGCONTs it. Resolves to whether its lock was still its
 * own when it woke (a live owner's lock must never be broken), or null when no holder was caught.
 */
export async function stopHolder(pool: WorkerPool, root: string, ms: number): Promise<boolean | null> {
  const worker = await claimHolder(pool, root, 500);
  if (!worker) return null;
  try {
    const token = (await freeze(worker)) ? lockOf(root, worker) : null;
    if (!token) return null;
    await sleep(ms);
    return readLockToken(join(root, LOCK_FILE))?.token === token.token;
  } finally {
    worker.child.kill('SIGCONT');
    worker.claimed = false;
  }
}
