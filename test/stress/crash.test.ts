import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrack } from '../../src/features/tracks/lifecycle.js';
import { listTracks } from '../../src/features/tracks/queries.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { clearReadCache } from '../../src/store/file/read-cache.js';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

const LAUNCHER = fileURLToPath(new URL('../helpers/kill-at-op.mjs', import.meta.url));

/** Runs the command to completion and returns how many mutating file operations it made. */
function countOps(args: string[], cwd: string): number {
  const r = spawnSync(process.execPath, [LAUNCHER, '0', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  return Number(r.output[3] || 0);
}

function killedAt(op: number, args: string[], cwd: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, String(op), ...args], { cwd, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve(signal));
  });
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** A store with two tracks, one active — the state every crash run starts from. */
function seed(dir: string): void {
  mkdirSync(dir, { recursive: true });
  runCli(['init'], { cwd: dir });
  runCli(['create', '--name', 'A', '--goal', 'g', '--id', 'track-a-001'], { cwd: dir });
  runCli(['create', '--name', 'B', '--goal', 'g', '--id', 'track-b-002'], { cwd: dir });
  runCli(['activate', 'track-a-001'], { cwd: dir });
}

/** Each command with the stride between kill points: switch (the widest transaction) at every other one. */
const COMMANDS: Array<[string[], number]> = [
  [['switch', '--to', 'track-b-002', '--reason', 'crash test'], 2],
  [['pause', '--reason', 'crash test'], 4],
  [['create', '--name', 'C', '--goal', 'g'], 4],
  [['update', '--field', 'priority', '--value', 'P0'], 4],
  [['complete'], 4],
];

describe('SIGKILL inside the write path', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  for (const [command, stride] of COMMANDS) {
    it(`track ${command[0]}: kill points leave a store the next command opens cleanly`, { timeout: 240_000 }, async () => {
      const t = tempDir('track-crash-');
      cleanup = t.cleanup;
      const seeded = `${t.dir}/seed`;
      seed(seeded);
      const probe = `${t.dir}/probe`;
      cpSync(seeded, probe, { recursive: true });
      const total = countOps(command, probe);
      expect(total).toBeGreaterThan(20);
      const points = Array.from({ length: total }, (_, i) => i + 1).filter((op) => op % stride === 0 || op > total - 4);
      await pool(points, 3, async (op) => {
        const dir = `${t.dir}/kill-${op}`;
        cpSync(seeded, dir, { recursive: true });
        expect(await killedAt(op, command, dir), `kill at op ${op}`).toBe('SIGKILL');
      });
      for (const op of points) {
        clearReadCache();
        const store = FileStore.open({ cwd: `${t.dir}/kill-${op}` });
        // Reads work at once (they need no lock), and so does the next write: the dead
        // owner's lock is broken and any journal it left is rolled forward.
        const before = await listTracks(store);
        expect(before.filter((s) => s.status === 'active').length).toBeLessThanOrEqual(1);
        (await createTrack(store, { name: 'After', goal: 'g' })).track;
        expect(storeProblems(store.root), `kill at op ${op}`).toEqual([]);
      }
    });
  }
});
