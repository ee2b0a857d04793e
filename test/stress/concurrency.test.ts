import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listTracks, showTrack } from '../../src/features/tracks/queries.js';
import { clearReadCache } from '../../src/store/file/read-cache.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const WORKER = fileURLToPath(new URL('../helpers/concurrency-worker.mjs', import.meta.url));
const WORKERS = 8;
const OPERATIONS = 50;

interface Ack {
  worker: number;
  op: string;
  track: string;
  reason?: string;
  value?: string;
}

function runWorker(index: number, cwd: string): Promise<{ code: number | null; acks: Ack[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, String(index), String(OPERATIONS), '1'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stderr,
        acks: out
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      }),
    );
  });
}

describe(`${WORKERS} processes × ${OPERATIONS} mutating operations on one root`, () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('keeps every invariant and loses no acknowledged update', { timeout: 300_000 }, async () => {
    p = tempProject('track-concurrency-');
    const results = await Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(i, p.dir)));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const acks = results.flatMap((r) => r.acks);
    expect(acks.length).toBeGreaterThan(WORKERS * 10);

    expect(storeProblems(p.root)).toEqual([]);
    clearReadCache();
    const all = await listTracks(p.store);
    expect(all.filter((t) => t.status === 'active').length).toBeLessThanOrEqual(1);
    const ids = new Set(all.map((t) => t.track_id));
    expect(ids.size).toBe(all.length);

    // Every acknowledged create exists; every acknowledged transition is in its track's history.
    for (const ack of acks.filter((a) => a.op === 'create')) expect(ids.has(ack.track), ack.track).toBe(true);
    const histories = new Map<string, Set<string>>();
    for (const id of ids) histories.set(id, new Set((await showTrack(p.store, { track_id: id })).status_history.map((h) => h.reason ?? '')));
    for (const ack of acks.filter((a) => a.reason && ['switch', 'activate', 'pause'].includes(a.op))) {
      expect(histories.get(ack.track)?.has(ack.reason as string), `${ack.op} ${ack.reason} on ${ack.track}`).toBe(true);
    }
    // Only its worker writes a track's description: the last acknowledged value must be on disk.
    for (let w = 0; w < WORKERS; w++) {
      const last = acks.filter((a) => a.worker === w && a.op === 'describe').at(-1);
      if (last) expect((await showTrack(p.store, { track_id: last.track })).description).toBe(last.value);
    }
  });
});
