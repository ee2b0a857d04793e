import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreChange } from '../../src/store/changes.js';
import { runCliAsync, runOk } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { median, type RunningWatch, startWatch } from '../helpers/watch.js';

const WATCHING = 'track watch: watching';

/** `track watch` on a file store, with the changes made by other `track` processes. */
describe('track watch (file store)', () => {
  let t: { dir: string; cleanup(): void };
  let watch: RunningWatch | undefined;
  afterEach(async () => {
    if (watch && watch.child.exitCode === null) await watch.stop('SIGKILL');
    watch = undefined;
    t?.cleanup();
  });

  it('prints each change another process commits, within a second, and exits 0 on SIGTERM', async () => {
    t = tempDir('track-watch-');
    runOk(['init'], { cwd: t.dir });
    watch = startWatch(['--json'], { cwd: t.dir });
    await watch.said(WATCHING);

    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const created = await runCliAsync(['create', '--name', `Watched ${i}`, '--goal', 'g', '--json'], { cwd: t.dir });
      expect(created.code, created.stderr).toBe(0);
      const id = created.json.track_id as string;
      const started = await runCliAsync(i === 1 ? ['activate', id] : ['switch', '--to', id], { cwd: t.dir });
      expect(started.code, started.stderr).toBe(0);
      // The change that made it active, naming it: from its commit (the change's `at`, taken when the
      // writer's transaction began, so the figure is an upper bound) to the line arriving here.
      const line = await watch.line((l) => (JSON.parse(l.text) as StoreChange).tracks.some((c) => c.track_id === id && 'status' in c && c.status === 'active'));
      latencies.push(line.receivedAt - Date.parse((JSON.parse(line.text) as StoreChange).at));
    }
    // A loaded machine may delay one line, so the bound is on the median; no line may take very long.
    expect(median(latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(1_000);
    expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(5_000);

    const changes = watch.lines.map((l) => JSON.parse(l.text) as StoreChange);
    const generations = changes.map((c) => c.generation);
    expect(generations).toEqual([...generations].sort((a, b) => a - b));
    expect(new Set(generations).size).toBe(generations.length);
    expect(changes.every((c) => c.lane === 'default' && !Number.isNaN(Date.parse(c.at)))).toBe(true);
    // Switching to the fifth track paused the fourth: one change names both.
    const last = changes.at(-1) as StoreChange;
    expect(last.tracks.map((c) => ('status' in c ? `${c.track_id} ${c.status}` : c.track_id)).sort()).toEqual([
      expect.stringMatching(/ paused$/),
      expect.stringMatching(/-005 active$/),
    ]);

    expect(await watch.stop('SIGTERM')).toBe(0);
    expect(watch.stderr().trim().split('\n')).toEqual([expect.stringContaining(WATCHING)]);
  });

  it('prints a human line per change; a reader that leaves ends it with exit 0 at the next change', async () => {
    t = tempDir('track-watch-pipe-');
    runOk(['init'], { cwd: t.dir });
    watch = startWatch([], { cwd: t.dir });
    await watch.said(WATCHING);
    runOk(['create', '--name', 'First', '--goal', 'g'], { cwd: t.dir });
    const first = await watch.line(() => true);
    expect(first.text).toMatch(/^\d\d:\d\d:\d\d {2}#1 {2}lane default {2}track-first-001 draft$/);

    watch.child.stdout?.destroy();
    runOk(['create', '--name', 'Second', '--goal', 'g'], { cwd: t.dir });
    const stillRunning = new Promise<string>((resolve) => setTimeout(() => resolve('still running 10 s later'), 10_000));
    expect(await Promise.race([watch.exited, stillRunning])).toBe(0);
    expect(watch.stderr().trim().split('\n')).toEqual([expect.stringContaining(WATCHING)]);
  });

  it('exits 0 on Ctrl-C (SIGINT) with nothing changed', async () => {
    t = tempDir('track-watch-int-');
    runOk(['init'], { cwd: t.dir });
    watch = startWatch(['--json'], { cwd: t.dir });
    await watch.said(WATCHING);
    expect(await watch.stop('SIGINT')).toBe(0);
    expect(watch.lines).toEqual([]);
  });

  it('a database that cannot be reached: exit 16 at once, naming the server', async () => {
    t = tempDir('track-watch-nodb-');
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    watch = startWatch([], { cwd: t.dir, env: { TRACK_DATABASE_URL: `postgres://track@127.0.0.1:${closed}/tracks` } });
    expect(await watch.exited).toBe(16);
    expect(watch.stderr()).toMatch(
      new RegExp(`error: cannot listen on the database at 127.0.0.1:${closed}: .*ECONNREFUSED.*\\(hint: check that the server is running`),
    );
  });

  it('outside a project: the root-not-found error and its hint, exit 10', async () => {
    t = tempDir('track-watch-none-');
    watch = startWatch([], { cwd: t.dir });
    expect(await watch.exited).toBe(10);
    expect(watch.stderr()).toMatch(/track init/);
  });
});
