/**
 * Finding and stopping a command's process group after the `track next` that started it died.
 * Every command runs as the leader of its own process group (its pid is the group id), and its
 * identity (pid, host, boot, start time) is recorded when it starts, so a pid the system has since
 * given to another process is never signalled.
 */
import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { sleep } from '../core/sleep.js';
import { currentBootId, isZombie, type ProcessIdentity, processGroup, processStartTime } from '../store/process-identity.js';

/** 'unknown': the group cannot be checked from here (another host, or no start time to tell a reused pid apart). */
export type GroupState = 'running' | 'gone' | 'unknown';

const POLL_MS = 50;
const TERM_GRACE_MS = 3_000;
const KILL_WAIT_MS = 5_000;

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Live (not zombie) members of process group `pgid`: read from /proc on Linux, else asked of the kernel. */
function groupHasLiveMembers(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return exists(-pgid);
  }
  return entries.some((name) => /^\d+$/.test(name) && processGroup(Number(name)) === pgid && !isZombie(Number(name)));
}

/**
 * Whether the group `leader` started still has a live process. While the leader's pid exists it
 * is ours only if its start time matches; once the leader is gone its pid cannot be handed out
 * again while any member of its group lives, so the members found are ours.
 */
export function groupState(leader: ProcessIdentity): GroupState {
  if (leader.host !== hostname()) return 'unknown';
  const boot = currentBootId();
  if (leader.boot_id && boot && leader.boot_id !== boot) return 'gone';
  if (exists(leader.pid) && !isZombie(leader.pid)) {
    const start = processStartTime(leader.pid);
    if (!leader.start_time || !start) return 'unknown';
    if (start !== leader.start_time) return 'gone';
    return 'running';
  }
  return groupHasLiveMembers(leader.pid) ? 'running' : 'gone';
}

async function waitUntilGone(leader: ProcessIdentity, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (groupState(leader) !== 'running') return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* the group ended meanwhile */
  }
}

export interface StopResult {
  /** The last signal sent; null when the group was already gone. */
  signal: 'SIGTERM' | 'SIGKILL' | null;
  stopped: boolean;
}

/** Stops the group if it still runs: SIGTERM, then SIGKILL after a grace period; waits until it is gone. */
export async function stopGroup(leader: ProcessIdentity): Promise<StopResult> {
  if (groupState(leader) !== 'running') return { signal: null, stopped: true };
  signalGroup(leader.pid, 'SIGTERM');
  if (await waitUntilGone(leader, TERM_GRACE_MS)) return { signal: 'SIGTERM', stopped: true };
  signalGroup(leader.pid, 'SIGKILL');
  return { signal: 'SIGKILL', stopped: await waitUntilGone(leader, KILL_WAIT_MS) };
}
