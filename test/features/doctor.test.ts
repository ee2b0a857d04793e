import { chmodSync, existsSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuildRegistry } from '../../src/core/registry-rebuild.js';
import { diagnose, doctor } from '../../src/features/doctor/doctor.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { writeJournal } from '../../src/store/file/journal.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const deadPid = 2 ** 22 + 12345; // above the largest pid Linux hands out: never a live process
/** Plants a file the way the store would (mode 0600), so only the planted fault is reported. */
const plant = (path: string, content: string) => writeFileSync(path, content, { mode: 0o600 });

describe('track doctor', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  async function threeTracks() {
    p = tempProject('track-doctor-');
    const a = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track;
    const b = (await life.createTrack(p.store, { name: 'Beta', goal: 'g', type: 'bugfix', priority: 'P0' })).track;
    const c = (await life.createTrack(p.store, { name: 'Gamma', goal: 'g' })).track;
    await life.activateTrack(p.store, { track_id: a.track_id });
    await life.pauseTrack(p.store, { track_id: a.track_id });
    await life.activateTrack(p.store, { track_id: b.track_id });
    await life.cancelTrack(p.store, { track_id: c.track_id });
    return { a, b, c };
  }
  const file = (...parts: string[]) => join(p.root, ...parts);
  const registryJson = () => JSON.parse(readFileSync(file('track-registry.json'), 'utf8'));

  it('finds nothing wrong in a healthy root', async () => {
    await threeTracks();
    expect(await diagnose(p.store)).toEqual([]);
    expect((await doctor(p.store, { fix: false })).healthy).toBe(true);
  });

  it('rebuilds a destroyed registry: segments, indexes, active pointer, generation bump, next_sequence', async () => {
    const { a, b, c } = await threeTracks();
    const before = registryJson();
    writeFileSync(file('track-registry.json'), '{"truncated": ');
    writeFileSync(file('track-registry.closed.json'), '');
    const report = await doctor(p.store, { fix: true });
    expect(report.problems.map((x) => x.check)).toContain('registry');
    expect(report.healthy).toBe(true);
    const after = registryJson();
    expect(Object.keys(after.tracks).sort()).toEqual([a.track_id, b.track_id].sort());
    expect(after.active_track_id).toBe(b.track_id);
    expect(after.indexes.by_priority.P0).toEqual([b.track_id]);
    expect(after.generation).toBeGreaterThan(before.generation);
    expect(after.next_sequence).toBe(4);
    expect(JSON.parse(readFileSync(file('track-registry.closed.json'), 'utf8')).tracks[c.track_id].status).toBe('cancelled');
    expect(storeProblems(p.root)).toEqual([]);
    await life.createTrack(p.store, { name: 'Delta', goal: 'g' }).then((d) => expect(d.track.track_id).toBe('track-delta-004'));
  });

  it('repairs a registry that disagrees with a track file and a wrong active pointer', async () => {
    const { a, b } = await threeTracks();
    const reg = registryJson();
    reg.tracks[a.track_id].status = 'active';
    reg.active_track_id = a.track_id;
    writeFileSync(file('track-registry.json'), JSON.stringify(reg));
    const problems = await diagnose(p.store);
    expect(problems.map((x) => x.problem).join('\n')).toMatch(/active pointer names track-alpha-001, but the active track is track-beta-002/);
    expect((await doctor(p.store, { fix: true })).healthy).toBe(true);
    expect(registryJson().active_track_id).toBe(b.track_id);
  });

  it('rolls a leftover journal forward, and sees a track it creates before it is applied', async () => {
    await threeTracks();
    const track = JSON.parse(readFileSync(file('track-alpha-001', 'track.json'), 'utf8'));
    const created = { ...track, track_id: 'track-new-009', name: 'New' };
    const reg = registryJson();
    reg.tracks['track-new-009'] = { ...reg.tracks['track-alpha-001'], track_id: 'track-new-009', name: 'New' };
    reg.indexes.by_type.feature.push('track-new-009');
    reg.indexes.by_status.paused.push('track-new-009');
    reg.indexes.by_priority.P2.push('track-new-009');
    reg.next_sequence = 10;
    writeJournal(
      p.root,
      [
        { op: 'write', path: 'track-new-009/track.json', data: JSON.stringify(created) },
        { op: 'write', path: 'track-registry.json', data: JSON.stringify(reg) },
      ],
      new Date().toISOString(),
    );
    const problems = await diagnose(p.store);
    expect(problems.map((x) => x.repair.kind)).toEqual(['roll-forward']);
    expect((await doctor(p.store, { fix: true })).healthy).toBe(true);
    expect(existsSync(file('track-new-009', 'track.json'))).toBe(true);
  });

  it('breaks a dead lock and removes dead temp files, but leaves a live owner alone', async () => {
    await threeTracks();
    plant(file('.track.lock'), JSON.stringify({ token: 't', pid: deadPid, host: (await import('node:os')).hostname(), boot_id: null, start_time: null }));
    plant(file('track-alpha-001', `.tmp-${deadPid}-abcdef-track.json`), '{"half');
    plant(file(`.tmp-${process.pid}-abcdef-track-registry.json`), '{}');
    const problems = await diagnose(p.store);
    expect(problems.map((x) => x.path).sort(), JSON.stringify(problems)).toEqual(['.track.lock', `track-alpha-001/.tmp-${deadPid}-abcdef-track.json`]);
    const report = await doctor(p.store, { fix: true });
    expect(report.healthy).toBe(true);
    expect(existsSync(file('.track.lock'))).toBe(false);
    expect(existsSync(file(`.tmp-${process.pid}-abcdef-track-registry.json`))).toBe(true);
  });

  it('quarantines an unreadable track.json (with its directory) and a damaged checkpoint into lost+found', async () => {
    const { a, b } = await threeTracks();
    writeFileSync(file(b.track_id, 'track.json'), '\u0000\u0000');
    const checkpoint = file(a.track_id, 'checkpoints', 'checkpoint-001.json');
    writeFileSync(checkpoint, readFileSync(checkpoint, 'utf8').replace('"paused"', '"active"'));
    const report = await doctor(p.store, { fix: true });
    expect(report.healthy).toBe(true);
    expect(report.fixed.filter((x) => x.moved_to).length).toBe(2);
    const lost = readdirSync(file('lost+found'));
    expect(lost.some((n) => n.endsWith(b.track_id))).toBe(true);
    expect(lost.some((n) => n.endsWith('checkpoint-001.json'))).toBe(true);
    expect(registryJson().active_track_id).toBe(null);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('restores modes, quarantines a planted symlink, and cannot fix two active tracks by itself', async () => {
    const { a, b } = await threeTracks();
    chmodSync(file(a.track_id, 'track.json'), 0o664);
    chmodSync(file(a.track_id), 0o775);
    symlinkSync('/etc/passwd', file(a.track_id, 'context.json'));
    const track = JSON.parse(readFileSync(file(a.track_id, 'track.json'), 'utf8'));
    writeFileSync(file(a.track_id, 'track.json'), JSON.stringify({ ...track, status: 'active' }), { mode: 0o664 });
    const report = await doctor(p.store, { fix: true });
    expect(report.healthy).toBe(false);
    expect(report.remaining.map((x) => x.check)).toEqual(['single-active']);
    expect(report.remaining[0]?.fix).toContain(`track pause ${a.track_id}`);
    expect(readFileSync('/etc/passwd', 'utf8').length).toBeGreaterThan(0);
    expect(existsSync(file(a.track_id, 'context.json'))).toBe(false);
    await life.pauseTrack(p.store, { track_id: a.track_id });
    expect((await doctor(p.store, { fix: true })).healthy).toBe(true);
    expect(registryJson().active_track_id).toBe(b.track_id);
  });

  it('accepts the modes a git checkout gives (0644 files, 0755 directories)', async () => {
    const { a } = await threeTracks();
    chmodSync(file(a.track_id, 'track.json'), 0o644);
    chmodSync(file(a.track_id), 0o755);
    chmodSync(file('track-registry.json'), 0o644);
    const report = await doctor(p.store, { fix: false });
    expect(report.problems).toEqual([]);
    expect(report.healthy).toBe(true);
  });

  it('reports an old broken-lock leftover and an old temp file with no pid', async () => {
    await threeTracks();
    const old = new Date(Date.now() - 60_000);
    plant(file('.track.lock.broken-abc'), '{}');
    utimesSync(file('.track.lock.broken-abc'), old, old);
    expect((await diagnose(p.store)).map((x) => x.path)).toEqual(['.track.lock.broken-abc']);
  });
});

describe('track doctor regressions (found by the fuzzer)', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('quarantines a damaged journal instead of failing to roll it forward', async () => {
    p = tempProject('track-doctor-');
    (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track;
    plant(join(p.root, '.track.journal.json'), '{"format":"track-journal/1","ops":[');
    const report = await doctor(p.store, { fix: true });
    expect(report.healthy).toBe(true);
    expect(report.fixed[0]?.moved_to).toMatch(/^lost\+found\//);
  });

  it('moves a symlink planted as the lock aside before taking the lock', async () => {
    p = tempProject('track-doctor-');
    symlinkSync('/etc/hostname', join(p.root, '.track.lock'));
    expect((await doctor(p.store, { fix: true })).healthy).toBe(true);
    (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track;
  });

  it('a symlink in place of a document is an UNSAFE_PATH error, not an internal ELOOP', async () => {
    p = tempProject('track-doctor-');
    const t = (await life.createTrack(p.store, { name: 'Alpha', goal: 'g' })).track;
    const path = join(p.root, t.track_id, 'track.json');
    writeFileSync(join(p.dir, 'elsewhere.json'), readFileSync(path));
    (await import('node:fs')).rmSync(path);
    symlinkSync(join(p.dir, 'elsewhere.json'), path);
    await expect(life.pauseTrack(p.store, { track_id: t.track_id })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('refuses to repair a directory that is not a tracks root', async () => {
    p = tempProject('track-doctor-');
    const store = {
      root: p.dir,
      repairTransaction: p.store.repairTransaction.bind(p.store),
      read: p.store.read.bind(p.store),
      transaction: p.store.transaction.bind(p.store),
    };
    await expect(doctor(store, { fix: true })).rejects.toMatchObject({ code: 'ROOT_NOT_FOUND' });
  });
});

describe('rebuildRegistry', () => {
  it('never lowers next_sequence and keeps the previous pointer among several active tracks', () => {
    const base = {
      schema_version: 1,
      name: 'n',
      type: 'feature',
      priority: 'P2',
      tags: [],
      context: { blocks: [] },
      created_at: 'x',
      updated_at: 'x',
    } as never as Record<string, unknown>;
    const t = (id: string, status: string) => ({ ...base, track_id: id, status }) as never;
    const { open } = rebuildRegistry(
      [t('track-a-007', 'active'), t('track-b-002', 'active')],
      { generation: 5, nextSequence: 3, activeTrackId: 'track-b-002' },
      'now',
    );
    expect(open.next_sequence).toBe(8);
    expect(open.active_track_id).toBe('track-b-002');
    expect(open.generation).toBe(5);
    expect(rebuildRegistry([], { generation: 0, nextSequence: 40, activeTrackId: null }, 'now').open.next_sequence).toBe(40);
  });
});
