import { readFileSync } from 'node:fs';

/** node:os loads on first use: a read command never takes the lock, and loading it costs half a millisecond at startup. */
const hostname = (): string => process.getBuiltinModule('node:os').hostname();

/** Facts that let another process decide, later, whether this one is provably gone. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  boot_id: string | null;
  start_time: string | null;
}

let bootId: string | null | undefined;

export function currentBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/** The fields of `/proc/<pid>/stat` after the command name (Linux): state, ppid, pgrp, …; null when unreadable. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Start time of a process in clock ticks since boot (Linux), which changes when a pid is reused. */
export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** A zombie (or dying) process has exited; only its exit status waits to be collected. */
export function isZombie(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state === 'Z' || state === 'X';
}

/** The process group of a process (Linux), or null when unknown. */
export function processGroup(pid: number): number | null {
  const pgrp = statFields(pid)?.[2];
  return pgrp ? Number(pgrp) : null;
}

export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), boot_id: currentBootId(), start_time: processStartTime(process.pid) };
}

/** True only when we can prove the process no longer exists. Unknown is not gone. */
export function isProvablyGone(owner: ProcessIdentity): boolean {
  if (owner.host !== hostname()) return false;
  const boot = currentBootId();
  if (owner.boot_id && boot && owner.boot_id !== boot) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (isZombie(owner.pid)) return true;
  const start = processStartTime(owner.pid);
  return Boolean(owner.start_time && start && owner.start_time !== start);
}
