import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, doctor } from '../../src/features/doctor/doctor.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { storeProblems } from '../helpers/invariants.js';
import { committedSnapshot } from '../helpers/snapshot.js';
import { tempDir } from '../helpers/temp.js';
import { A, B, buildBase } from './mutating-commands.js';

/** SIGKILL at the Nth file operation of a real CLI process (see test/helpers/fault-launcher.mjs). */
const FULL = process.env.TRACK_FAULTS_FULL === '1';
const SAMPLES = FULL ? Number.POSITIVE_INFINITY : 5;
const LAUNCHER = fileURLToPath(new URL('../helpers/fault-launcher.mjs', import.meta.url));
if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';

/** Each spawn costs ~1 s on a loaded machine: the full run kills `switch` (the widest transaction) at every operation, the others at every 4th. */
const CLI_COMMANDS: Array<{ name: string; args: string[]; samples: number }> = [
  { name: 'switch', args: ['switch', '--to', B], samples: SAMPLES },
  ...(FULL
    ? [
        { name: 'create', args: ['create', '--name', 'Zeta', '--goal', 'g'], samples: 25 },
        { name: 'pause', args: ['pause', A], samples: 25 },
        { name: 'complete', args: ['complete', A], samples: 25 },
        { name: 'update', args: ['update', A, '--field', 'priority', '--value', 'P0'], samples: 25 },
      ]
    : []),
];

function launch(cwd: string, args: string[], killAt: number): { status: number | null; signal: string | null; ops: number } {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TRACK_TEST_KILL_AT: String(killAt), NO_COLOR: '1', TRACK_MANAGER_ROOT: '' },
  });
  return { status: r.status, signal: r.signal, ops: Number(/ops=(\d+)/.exec(r.stderr)?.[1] ?? 0) };
}

describe('a CLI process SIGKILLed at any file operation leaves the store old or new, never in between', () => {
  const work = tempDir('track-kill-');
  let fixture = '';
  let kills = 0;
  beforeAll(async () => {
    fixture = join(work.dir, 'fixture');
    const { store } = FileStore.init({ cwd: fixture });
    await buildBase(store);
  });
  afterAll(() => {
    work.cleanup();
    console.log(`kill loop: ${kills} processes SIGKILLed mid-command, 0 violations`);
  });

  const copy = (label: string): string => {
    const dir = join(work.dir, label);
    rmSync(dir, { recursive: true, force: true });
    cpSync(fixture, dir, { recursive: true });
    return dir;
  };
  const rootOf = (project: string) => join(project, '.claude', 'conductor', 'tracks');

  for (const command of CLI_COMMANDS) {
    it(`${command.name}: killed at ${Number.isFinite(command.samples) ? `${command.samples} spread` : 'every'} operation(s)`, async () => {
      const ref = copy('reference');
      const before = committedSnapshot(rootOf(ref));
      const clean = launch(ref, command.args, 0);
      expect(clean.status).toBe(0);
      const after = committedSnapshot(rootOf(ref));
      const step = Math.max(1, Math.floor(clean.ops / command.samples));
      for (let at = 1; at <= clean.ops; at += step) {
        const project = copy('run');
        const r = launch(project, command.args, at);
        expect(r.signal, `${command.name} killed at op ${at}`).toBe('SIGKILL');
        kills++;
        const state = JSON.stringify(committedSnapshot(rootOf(project)));
        expect(state === JSON.stringify(before) || state === JSON.stringify(after), `${command.name} killed at op ${at}`).toBe(true);
        // The dead process may leave its lock and temp files: doctor --fix clears exactly those.
        const store = FileStore.open({ cwd: project });
        const found = await diagnose(store);
        expect(
          found.every((p) => p.check === 'leftovers'),
          JSON.stringify(found),
        ).toBe(true);
        expect((await doctor(store, { fix: true })).healthy).toBe(true);
        await life.createTrack(store, { name: 'Probe', goal: 'works after the kill' });
        expect(storeProblems(rootOf(project))).toEqual([]);
      }
    });
  }
});
