import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setPlan } from '../../src/features/plan/plan.js';
import { activateTrack, createTrack } from '../../src/features/tracks/lifecycle.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed process nobody has reaped yet is a zombie: it has exited.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '');
  } catch {
    return false;
  }
};

/** `track next` killed with SIGKILL: the next `next` stops the command it left running before it runs the step again. */
describe('a command left running by a killed next, e2e', () => {
  let t: { dir: string; cleanup(): void };
  const leftovers: number[] = [];
  afterEach(() => {
    for (const pid of leftovers.splice(0)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    t?.cleanup();
  });

  const root = () => join(t.dir, '.claude/conductor/tracks');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  const runJson = (id: string, run: string) => JSON.parse(readFileSync(join(root(), id, 'workflows', run, 'run.json'), 'utf8'));
  const markers = () => readFileSync(join(t.dir, 'markers'), 'utf8').trim().split('\n');

  // A lock directory proves two executions never overlap; the first execution waits long, later ones finish at once.
  // Its stderr goes to a file: the pipe to a killed `next` is broken, and the shell reports a killed job there.
  const COMMAND = [
    'exec 2>>shell.log',
    'mkdir running.lock 2>/dev/null || echo overlap >> markers',
    'echo "start $$" >> markers',
    'trap \'echo "stopped $$" >> markers; rmdir running.lock; exit 143\' TERM',
    'if [ -f once ]; then sleep 0.2; else touch once; sleep 60 & echo $$ > pid.txt; wait $!; fi',
    'echo "end $$" >> markers',
    'rmdir running.lock',
  ].join('\n');

  it('stops the orphaned command (its pid is gone), records that in the run, and never runs the command twice at once', async () => {
    t = tempDir('track-orphan-');
    const { store } = FileStore.init({ cwd: t.dir });
    const track = (await createTrack(store, { name: 'Orphan', goal: 'no twins' })).track;
    await setPlan(store, {
      track_id: track.track_id,
      plan: {
        steps: [{ step_id: 'long', name: 'Long', type: 'implementation', action: { type: 'run-command', command: COMMAND } }],
      },
    });
    await activateTrack(store, { track_id: track.track_id });
    const id = track.track_id;

    const killed = runCliAsync(['next'], { cwd: t.dir });
    const pidFile = join(t.dir, 'pid.txt');
    const deadline = Date.now() + 30_000;
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error('the command never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const orphan = Number(readFileSync(pidFile, 'utf8').trim());
    // The command's process group is led by its wrapper shell, whose pid `next` records and reports.
    const leader = JSON.parse(readFileSync(join(root(), id, 'workflows', 'run-001', 'command.json'), 'utf8')).pid as number;
    leftovers.push(leader);
    const running = runJson(id, 'run-001');
    expect(running.status).toBe('running');
    process.kill(running.owner.pid, 'SIGKILL'); // only `track next`; its command lives on
    await killed;
    expect(alive(orphan)).toBe(true);

    const second = cli('next', '--json');
    expect(second.code).toBe(12);
    expect(second.json.error.message).toContain('interrupted: long (run-001)');
    expect(second.json.error.message).toContain(`the command it left running (pid ${leader}) was stopped`);
    expect(alive(orphan)).toBe(false);
    expect(alive(leader)).toBe(false);
    expect(runJson(id, 'run-001')).toMatchObject({ status: 'interrupted', stopped_command: { pid: leader, signal: 'SIGTERM' } });

    const third = cli('next', '--json');
    expect(third.code, third.stderr).toBe(0);
    expect(third.json).toMatchObject({ kind: 'completed', step: { step_id: 'long' } });
    const lines = markers();
    expect(lines.join('|')).not.toContain('overlap');
    expect(lines).toEqual([`start ${orphan}`, `stopped ${orphan}`, expect.stringMatching(/^start \d+$/), expect.stringMatching(/^end \d+$/)]);
    expect(storeProblems(root())).toEqual([]);
  });
});
