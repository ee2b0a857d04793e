import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { activePointers, laneOfTrack, pointerOf } from '../../src/core/lane-pointers.js';
import { DEFAULT_LANE, worktreeLaneId } from '../../src/core/lanes.js';
import { decisionsDocSchema, type HistoryEntry, registrySchema, type Track, trackSchema } from '../../src/core/schema.js';
import { createTrack } from '../../src/features/tracks/lifecycle.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { readJsonFile } from '../../src/store/file/safe-json.js';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

/**
 * 4 lanes × 3 processes, each doing random mutating operations on a shared pool of 8 tracks
 * through the built library: the default lane (main checkout), two linked worktrees, and a lane
 * named by TRACK_LANE whose processes all run in the main checkout beside the default lane's.
 * Refusals are expected; every acknowledged operation must be reflected in the files afterwards.
 */
const PROCESSES = 3;
const OPERATIONS = 40;
const TRACKS = 8;
const STEPS = 10;
const WORKER = fileURLToPath(new URL('../helpers/lanes-worker.mjs', import.meta.url));
const REFUSALS = new Set(['ACTIVE_TRACK_EXISTS', 'ACTIVE_IN_OTHER_LANE', 'INVALID_STATE', 'NOT_FOUND', 'NO_ACTIVE_TRACK', 'CONFLICT', 'VALIDATION']);
if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';

interface Op {
  agent: string;
  lane: string;
  op: string;
  i: number;
  ok: boolean;
  code?: string;
  message?: string;
  track?: string;
  reason?: string;
  step?: string;
  kind?: string;
  title?: string;
  take_over?: boolean;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function runWorker(
  label: string,
  index: number,
  cwd: string,
  env: NodeJS.ProcessEnv,
  pool: string[],
): Promise<{ code: number | null; ops: Op[]; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  if (!env.TRACK_LANE) delete base.TRACK_LANE;
  delete base.TRACK_MANAGER_ROOT;
  delete base.TRACK_AGENT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, label, String(index), String(OPERATIONS), '12', ...pool], {
      cwd,
      env: base,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
        ops: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Op),
      }),
    );
  });
}

/**
 * The spans of time a track was active, each with the lane that held it: the lane of the agent whose
 * tag ends the history entry's reason (a take-over, active → active, ends one span and opens the next).
 */
function activeSpans(track: Track, laneOfAgent: Map<string, string>): Array<{ lane: string; from: string; to: string }> {
  const spans: Array<{ lane: string; from: string; to: string }> = [];
  let open: { lane: string; from: string } | null = null;
  const laneOf = (h: HistoryEntry) => laneOfAgent.get(/([a-z]+-p\d+)-op\d+$/.exec(h.reason ?? '')?.[1] ?? '') ?? `unknown (${h.reason})`;
  for (const h of track.status_history) {
    if (open && h.from === 'active') {
      spans.push({ ...open, to: h.at });
      open = null;
    }
    if (h.to === 'active') open = { lane: laneOf(h), from: h.at };
  }
  if (open) spans.push({ ...open, to: '9999' });
  return spans;
}

describe('lanes under concurrency: 4 lanes × 3 processes on one store', () => {
  const t = tempDir('track-lanes-cc-');
  afterAll(() => t.cleanup());

  it(`${4 * PROCESSES} processes × ${OPERATIONS} operations over ${TRACKS} tracks keep one active track per lane and lose nothing`, {
    timeout: 110_000,
  }, async () => {
    const started = Date.now();
    const main = join(t.dir, 'repo');
    mkdirSync(main);
    git(main, 'init', '-q', '-b', 'main');
    git(main, 'commit', '-q', '--allow-empty', '-m', 'start');
    const { store } = FileStore.init({ cwd: main });
    const pool: string[] = [];
    for (let n = 0; n < TRACKS; n++) {
      const kinds = ['manual', 'spawn-agent', 'review'] as const;
      const steps = Array.from({ length: STEPS }, (_, s) => ({
        step_id: `s${s}`,
        name: `Step ${s}`,
        type: 'implementation' as const,
        action: { type: kinds[s % kinds.length], instructions: `do part ${s}` },
        depends_on: [],
      }));
      pool.push((await createTrack(store, { name: `Pool ${n}`, goal: `work ${n}`, plan: { steps } })).track.track_id);
    }
    for (const name of ['wt-a', 'wt-b']) git(main, 'worktree', 'add', '-q', '-b', `br-${name}`, join(t.dir, name));
    mkdirSync(join(t.dir, 'wt-a', 'src'));
    const lanes = [
      { label: 'main', dirs: [main, main, main], env: {}, id: DEFAULT_LANE },
      { label: 'wta', dirs: [join(t.dir, 'wt-a'), join(t.dir, 'wt-a', 'src'), join(t.dir, 'wt-a')], env: {}, id: worktreeLaneId(join(t.dir, 'wt-a')) },
      { label: 'wtb', dirs: Array(PROCESSES).fill(join(t.dir, 'wt-b')), env: {}, id: worktreeLaneId(join(t.dir, 'wt-b')) },
      { label: 'team', dirs: [main, main, main], env: { TRACK_LANE: 'team' }, id: 'team' },
    ];

    const results = await Promise.all(lanes.flatMap((l) => l.dirs.map((dir, p) => runWorker(l.label, p, dir, l.env, pool))));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const ops = results.flatMap((r) => r.ops);
    const acked = ops.filter((o) => o.ok);
    const refused: Record<string, number> = {};
    for (const o of ops) if (!o.ok) refused[o.code as string] = (refused[o.code as string] ?? 0) + 1;
    const elapsed = Date.now() - started;
    const byOp: Record<string, number> = {};
    for (const o of acked) byOp[o.op] = (byOp[o.op] ?? 0) + 1;
    console.log(
      `lanes concurrency: ${ops.length} operations attempted, ${acked.length} acknowledged ${JSON.stringify(byOp)}, refused by code ${JSON.stringify(refused)}, ${elapsed} ms`,
    );

    // Each process ran in the lane it was meant to, did all its operations, and enough of them took effect.
    const laneOfAgent = new Map<string, string>(lanes.flatMap((l) => l.dirs.map((_, p) => [`${l.label}-p${p}`, l.id] as const)));
    for (const o of ops) expect(o.lane, o.agent).toBe(laneOfAgent.get(o.agent));
    expect(ops.length).toBe(4 * PROCESSES * OPERATIONS);
    for (const o of ops.filter((x) => !x.ok)) expect(REFUSALS.has(o.code as string), `${o.agent} ${o.op}: ${o.code} ${o.message}`).toBe(true);
    for (const kind of ['activate', 'switch', 'pause', 'resume', 'next', 'complete', 'decide'])
      expect(
        acked.some((o) => o.op === kind),
        kind,
      ).toBe(true);
    expect(acked.some((o) => o.take_over)).toBe(true);
    expect(acked.length).toBeGreaterThan(ops.length / 4);

    // From the files: every lane's pointer names an active track of that lane, and each active track is named by its lane's pointer only.
    const root = store.root;
    const registry = readJsonFile(join(root, 'track-registry.json'), registrySchema);
    const tracks = new Map(pool.map((id) => [id, readJsonFile(join(root, id, 'track.json'), trackSchema)]));
    const pointers = activePointers(registry);
    for (const [lane, id] of pointers) {
      expect(tracks.get(id)?.status, `lane ${lane} points at ${id}`).toBe('active');
      expect(laneOfTrack(tracks.get(id) as Track), `lane ${lane} points at ${id}`).toBe(lane);
    }
    expect(new Set(pointers.values()).size, 'a track named by two lanes').toBe(pointers.size);
    const active = [...tracks.values()].filter((tr) => tr.status === 'active');
    for (const tr of active) expect(pointerOf(registry, laneOfTrack(tr)), tr.track_id).toBe(tr.track_id);
    expect(new Set(active.map(laneOfTrack)).size, 'two active tracks in one lane').toBe(active.length);
    expect(storeProblems(root)).toEqual([]);

    // Over time too: within a lane, the spans of its tracks' activity never overlap.
    const spans = [...tracks.values()].flatMap((tr) => activeSpans(tr, laneOfAgent).map((s) => ({ ...s, track: tr.track_id })));
    for (const l of lanes) {
      const mine = spans.filter((s) => s.lane === l.id).sort((a, b) => a.from.localeCompare(b.from));
      for (let k = 1; k < mine.length; k++) {
        const [a, b] = [mine[k - 1], mine[k]] as [(typeof mine)[0], (typeof mine)[0]];
        expect(b.from >= a.to, `lane ${l.id}: ${b.track} active from ${b.from} while ${a.track} was (until ${a.to})`).toBe(true);
      }
    }
    expect(
      spans.every((s) => !s.lane.startsWith('unknown')),
      JSON.stringify(spans.filter((s) => s.lane.startsWith('unknown'))),
    ).toBe(true);

    // No acknowledged move lost: each is in its track's history.
    // (A take-over's entry names both lanes, then the reason given.)
    const recorded = (id: string, reason: string) => tracks.get(id)?.status_history.some((h) => h.reason === reason || h.reason?.endsWith(`: ${reason}`));
    for (const o of acked.filter((x) => ['activate', 'switch', 'pause', 'resume'].includes(x.op))) {
      expect(recorded(o.track as string, o.reason as string), `${o.op} ${o.reason} on ${o.track}`).toBe(true);
    }

    // Every acknowledged decision is in exactly one track: one its lane had active at that moment.
    const decisions = [...tracks.keys()].flatMap((id) => {
      const file = join(root, id, 'context', 'decisions.json');
      return existsSync(file) ? readJsonFile(file, decisionsDocSchema).items.map((d) => ({ ...d, track: id })) : [];
    });
    for (const o of acked.filter((x) => x.op === 'decide')) {
      const found = decisions.filter((d) => d.title === o.title);
      expect(found.length, `decision ${o.title}`).toBe(1);
      const [d] = found as [(typeof found)[0]];
      const held = spans.some((s) => s.track === d.track && s.lane === o.lane && s.from <= d.created_at && d.created_at <= s.to);
      expect(held, `decision ${o.title} of lane ${o.lane} landed in ${d.track}, not active in that lane at ${d.created_at}`).toBe(true);
    }
    expect(decisions.length).toBe(acked.filter((x) => x.op === 'decide').length);

    // Steps: exactly the acknowledged completions are completed (with the completer's note), and every other acknowledged claim is still held.
    const completed = new Map(acked.filter((o) => o.op === 'complete').map((o) => [`${o.track}/${o.step}`, o]));
    for (const [id, tr] of tracks) {
      for (const s of tr.steps) {
        const key = `${id}/${s.step_id}`;
        const done = completed.get(key);
        expect(s.status === 'completed', `${key} is ${s.status}; acknowledged completion: ${done?.reason ?? done?.agent ?? 'none'}`).toBe(done !== undefined);
        if (done) expect(s.notes, key).toBe(`${done.agent}-op${done.i}`);
      }
    }
    for (const o of acked.filter((x) => x.op === 'next' && x.step)) {
      const key = `${o.track}/${o.step}`;
      const s = tracks.get(o.track as string)?.steps.find((x) => x.step_id === o.step);
      if (completed.has(key)) expect(completed.get(key)?.agent, key).toBe(o.agent);
      else expect({ status: s?.status, holder: s?.claim?.holder }, key).toEqual({ status: 'in-progress', holder: o.agent });
    }

    // Doctor, from a worktree, finds nothing to fix.
    const doctor = runCli(['doctor', '--json'], { cwd: join(t.dir, 'wt-b') });
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.json.problems).toEqual([]);
    expect(doctor.json.healthy).toBe(true);
  });
});
