import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { groupState, stopGroup } from '../../src/exec/process-group.js';
import { currentBootId, isZombie, type ProcessIdentity, processStartTime } from '../../src/store/process-identity.js';

/** A `sleep` leading its own process group, as the runner starts commands. */
function sleeper(): { child: ChildProcess; identity: ProcessIdentity } {
  const child = spawn('/bin/sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
  const pid = child.pid as number;
  return { child, identity: { pid, host: hostname(), boot_id: currentBootId(), start_time: processStartTime(pid) } };
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch {
    return false;
  }
};

describe('finding and stopping a command process group', () => {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });

  it('never signals a pid whose start time differs from the one recorded (a reused pid)', async () => {
    const { child, identity } = sleeper();
    started.push(child);
    const reused = { ...identity, start_time: String(Number(identity.start_time) - 1) };
    expect(groupState(reused)).toBe('gone');
    expect(await stopGroup(reused)).toEqual({ signal: null, stopped: true });
    expect(running(identity.pid)).toBe(true);
  });

  it('treats a pid recorded on another host as unknown, and stops a group it can prove is its own, children included', async () => {
    const { child, identity } = sleeper();
    started.push(child);
    expect(groupState({ ...identity, host: 'another-host' })).toBe('unknown');
    expect(groupState(identity)).toBe('running');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    expect(await stopGroup(identity)).toEqual({ signal: 'SIGTERM', stopped: true });
    await exited;
    expect(groupState(identity)).toBe('gone');
  });
});
