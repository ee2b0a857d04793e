/**
 * Test servers never outlive their owner process. Each lives in a temp dir named after its
 * owner's pid; `register` hooks the owner's exit (stop at once, remove the dir) and starts a
 * detached watcher that does the same within a second if the owner is killed outright; and a
 * run's global setup sweeps up the dirs of dead owners whose watcher died with them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostgresBinaries, postgresBinaries } from './postgres-binaries.js';

const PREFIX = 'track-pg-';

export function ownedTempDir(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`)));
}

interface Registered {
  base: string;
  bins: PostgresBinaries;
  watcher: ChildProcess;
}

const live = new Map<string, Registered>();
let exitHooked = false;

/** From now on the server in `base` (its cluster in `base/data`) goes when this process goes. */
export function register(base: string, bins: PostgresBinaries): void {
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => {
      for (const base of live.keys()) release(base);
    });
  }
  live.set(base, { base, bins, watcher: spawnWatcher(base, bins) });
}

/** Stops the server in `base` if it still runs, removes the dir, and ends its watcher. */
export function release(base: string): void {
  const entry = live.get(base);
  if (!entry) return;
  live.delete(base);
  stopNow(base, entry.bins);
  try {
    if (entry.watcher.pid) process.kill(-entry.watcher.pid, 'SIGKILL');
  } catch {}
}

/**
 * A detached shell (as the server's user, so pg_ctl accepts it) that waits while the owner lives
 * and the dir exists; if the owner dies first, it stops the server at once and removes the dir.
 */
const WATCHER = `owner=$1 base=$2 pgctl=$3
alive() { if [ -d /proc/self ]; then [ -d "/proc/$1" ]; else kill -0 "$1" 2>/dev/null; fi; }
while [ -d "$base" ] && alive "$owner"; do sleep 1; done
[ -d "$base" ] || exit 0
[ -f "$base/data/postmaster.pid" ] && "$pgctl" stop -D "$base/data" -m immediate -w -t 30 >/dev/null 2>&1
rm -rf "$base"`;

function spawnWatcher(base: string, bins: PostgresBinaries): ChildProcess {
  const watcher = spawn('/bin/sh', ['-c', WATCHER, 'track-pg-watcher', String(process.pid), base, bins.pgCtl], {
    detached: true,
    stdio: 'ignore',
    cwd: '/',
    ...bins.user,
  });
  watcher.unref();
  return watcher;
}

/** Stops the server in `base` immediately (as a last resort kill -9 of its postmaster) and removes the dir. */
function stopNow(base: string, bins: PostgresBinaries): void {
  const pidFile = join(base, 'data', 'postmaster.pid');
  if (existsSync(pidFile)) {
    spawnSync(bins.pgCtl, ['stop', '-D', join(base, 'data'), '-m', 'immediate', '-w', '-t', '30', '-s'], { cwd: '/', stdio: 'ignore', ...bins.user });
  }
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  if (pid > 0 && isPostgres(pid)) process.kill(pid, 'SIGKILL');
  rmSync(base, { recursive: true, force: true });
}

/** Stops and removes the servers and dirs of owners that died without cleaning up. */
export function sweepOrphans(): void {
  for (const name of readdirSync(tmpdir())) {
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (!owner || isAlive(Number(owner))) continue;
    const base = join(tmpdir(), name);
    try {
      if (existsSync(join(base, 'data', 'postmaster.pid'))) stopNow(base, postgresBinaries());
      else rmSync(base, { recursive: true, force: true });
    } catch {}
  }
}

/** Whether `pid` is a live (not zombie) postgres process: a stale pid file's pid may be another's by now. */
export function isPostgres(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.startsWith(`${pid} (postgres) `) && stat[`${pid} (postgres) `.length] !== 'Z';
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
