/**
 * A store written by track-manager 0.1 (before the use cases moved onto the store port) opens,
 * passes `track doctor`, and goes on working: the reshaping changed no byte of the format.
 */
import { chmodSync, cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'store-0.1');

/** A checkout gives files 0644; the store keeps its own private (the modes `track init` sets). */
function restrict(dir: string): void {
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) restrict(path);
    else chmodSync(path, 0o600);
  }
}

describe('a store written by the previous release', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('is healthy, lists, verifies, switches back, closes the step it handed out, exports, and stays healthy', () => {
    t = tempDir('track-older-');
    const root = join(t.dir, '.claude', 'conductor', 'tracks');
    cpSync(FIXTURE, root, { recursive: true });
    restrict(join(t.dir, '.claude'));
    const cli = (...args: string[]) => runCli([...args, '--json'], { cwd: t.dir });
    expect(cli('doctor').json).toMatchObject({ healthy: true, problems: [] });
    expect(cli('list').json.tracks.map((s: { track_id: string; status: string }) => [s.track_id, s.status])).toEqual([
      ['track-beta-002', 'active'],
      ['track-alpha-001', 'paused'],
      ['track-gamma-003', 'draft'],
    ]);
    const verified = cli('checkpoint', 'verify', '--all', '--track-id', 'track-alpha-001');
    expect(verified.code, verified.stderr).toBe(0);
    const switched = cli('switch', '--to', 'track-alpha-001');
    expect(switched.json).toMatchObject({ track: { track_id: 'track-alpha-001', status: 'active' }, paused: { track_id: 'track-beta-002' } });
    expect(switched.json.conflicts).toHaveLength(1);
    const closed = cli('step', 'complete', '--step-id', 'step-002', '--agent', 'root', '--notes', 'looked');
    expect(closed.code, closed.stderr).toBe(0);
    expect(cli('status').json.track.progress).toMatchObject({ completed_steps: 2, total_steps: 2 });
    expect(cli('decisions').json.decisions.map((d: { title: string }) => d.title)).toEqual(['Use X']);
    const exported = cli('export', '--out', join(t.dir, 'alpha.bundle.json'));
    expect(exported.code, exported.stderr).toBe(0);
    expect(cli('doctor').json).toMatchObject({ healthy: true, problems: [] });
  });
});
