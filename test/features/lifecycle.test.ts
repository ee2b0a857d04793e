import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActiveTrackExistsError, ChecksumMismatchError, ConflictError, InvalidStateError, NoActiveTrackError, ValidationError } from '../../src/core/errors.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { getActiveTrack, listTracks, showTrack } from '../../src/features/tracks/queries.js';
import { updateTrack } from '../../src/features/tracks/update.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

describe('lifecycle service', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  const create = async (name: string) => (await life.createTrack(p.store, { name, goal: `goal of ${name}` })).track;

  it('create then activate records draft → ready → active', async () => {
    p = tempProject();
    const t = await create('Authentication Feature');
    expect(t.track_id).toBe('track-authentication-feature-001');
    const r = await life.activateTrack(p.store, { track_id: t.track_id });
    expect(r.track.status_history.map((h) => `${h.from}->${h.to}`)).toEqual(['null->draft', 'draft->ready', 'ready->active']);
    expect((await getActiveTrack(p.store))?.track_id).toBe(t.track_id);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('allows one active track; the error hints the exact switch command', async () => {
    p = tempProject();
    const a = await create('A');
    const b = await create('B');
    await life.activateTrack(p.store, { track_id: a.track_id });
    const error = await life.activateTrack(p.store, { track_id: b.track_id }).catch((e) => e);
    expect(error).toBeInstanceOf(ActiveTrackExistsError);
    expect(error.hint).toBe(`track switch --to ${b.track_id}`);
    expect((await showTrack(p.store, { track_id: b.track_id })).status).toBe('draft');
  });

  it('switch pauses the current track with a checkpoint and activates the other in one transaction', async () => {
    p = tempProject();
    const a = await create('A');
    const b = await create('B');
    await life.activateTrack(p.store, { track_id: a.track_id });
    const gen = JSON.parse(readFileSync(join(p.root, 'track-registry.json'), 'utf8')).generation;
    const r = await life.switchTrack(p.store, { to: b.track_id });
    expect(JSON.parse(readFileSync(join(p.root, 'track-registry.json'), 'utf8')).generation).toBe(gen + 1);
    expect(r.paused?.status).toBe('paused');
    expect(r.checkpoint?.checkpoint_id).toBe('checkpoint-001');
    expect(r.track.status).toBe('active');
    const back = await life.switchTrack(p.store, { to: a.track_id });
    expect(back.track.status).toBe('active');
    expect(back.track.status_history.at(-1)).toMatchObject({ from: 'paused', to: 'active' });
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('pause writes a verified checkpoint; resume restores from it', async () => {
    p = tempProject();
    const a = await create('A');
    await life.activateTrack(p.store, { track_id: a.track_id });
    const paused = await life.pauseTrack(p.store, { reason: 'waiting for review' });
    expect(paused.checkpoint?.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    const file = join(p.root, a.track_id, 'checkpoints', 'checkpoint-001.json');
    const cp = JSON.parse(readFileSync(file, 'utf8'));
    expect(cp.track.status).toBe('paused');
    // The track document is damaged by hand while paused; resume restores the checkpointed state.
    const trackFile = join(p.root, a.track_id, 'track.json');
    const doc = JSON.parse(readFileSync(trackFile, 'utf8'));
    writeFileSync(trackFile, JSON.stringify({ ...doc, name: 'tampered' }));
    const resumed = await life.resumeTrack(p.store, { track_id: a.track_id });
    expect(resumed.track.name).toBe('A');
    expect(resumed.track.status).toBe('active');
  });

  it('resume refuses a checkpoint whose checksum does not match and changes nothing', async () => {
    p = tempProject();
    const a = await create('A');
    await life.activateTrack(p.store, { track_id: a.track_id });
    await life.pauseTrack(p.store);
    const file = join(p.root, a.track_id, 'checkpoints', 'checkpoint-001.json');
    const cp = JSON.parse(readFileSync(file, 'utf8'));
    cp.track.name = 'forged';
    writeFileSync(file, JSON.stringify(cp));
    const before = readFileSync(join(p.root, 'track-registry.json'), 'utf8');
    await expect(life.resumeTrack(p.store, { track_id: a.track_id })).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(readFileSync(join(p.root, 'track-registry.json'), 'utf8')).toBe(before);
    expect((await showTrack(p.store, { track_id: a.track_id })).status).toBe('paused');
  });

  it('update while paused is kept through resume', async () => {
    p = tempProject();
    const a = await create('A');
    await life.activateTrack(p.store, { track_id: a.track_id });
    await life.pauseTrack(p.store);
    await updateTrack(p.store, { track_id: a.track_id, field: 'priority', value: 'P0' });
    const r = await life.resumeTrack(p.store, { track_id: a.track_id });
    expect(r.track.priority).toBe('P0');
  });

  it('update routes status through the lifecycle and validates fields', async () => {
    p = tempProject();
    const a = await create('A');
    await life.activateTrack(p.store, { track_id: a.track_id });
    const r = await updateTrack(p.store, { track_id: a.track_id, field: 'status', value: 'paused' });
    expect(r.track.status).toBe('paused');
    expect(r.checkpoint).toBeDefined();
    await expect(updateTrack(p.store, { track_id: a.track_id, field: 'status', value: 'draft' })).rejects.toBeInstanceOf(InvalidStateError);
    await expect(updateTrack(p.store, { track_id: a.track_id, field: 'status', value: 'bogus' })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateTrack(p.store, { track_id: a.track_id, field: 'priority', value: 'P9' })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateTrack(p.store, { track_id: a.track_id, field: 'track_id', value: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateTrack(p.store, { track_id: a.track_id, field: '__proto__', value: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateTrack(p.store, { track_id: a.track_id, field: 'execution.auto_advance', value: 'maybe' })).rejects.toBeInstanceOf(ValidationError);
    const tags = await updateTrack(p.store, { track_id: a.track_id, field: 'tags', value: 'x, y,x' });
    expect(tags.track.tags).toEqual(['x', 'y']);
  });

  it('commands default to the active track and say so when there is none', async () => {
    p = tempProject();
    await expect(life.pauseTrack(p.store)).rejects.toBeInstanceOf(NoActiveTrackError);
    const a = await create('A');
    await life.activateTrack(p.store, { track_id: a.track_id });
    expect((await life.completeTrack(p.store)).track.status).toBe('completed');
    expect((await life.archiveTrack(p.store, { track_id: a.track_id })).track.status).toBe('archived');
    expect(await getActiveTrack(p.store)).toBeNull();
  });

  it('moves closed tracks to the closed segment and lists with filters', async () => {
    p = tempProject();
    const a = await create('A');
    const b = (await life.createTrack(p.store, { name: 'B', goal: 'g', type: 'bugfix', priority: 'P0' })).track;
    await life.cancelTrack(p.store, { track_id: a.track_id, reason: 'not needed' });
    const closed = JSON.parse(readFileSync(join(p.root, 'track-registry.closed.json'), 'utf8'));
    expect(Object.keys(closed.tracks)).toEqual([a.track_id]);
    expect((await listTracks(p.store)).map((t) => t.track_id)).toEqual([b.track_id, a.track_id]);
    expect((await listTracks(p.store, { status: ['cancelled'] })).map((t) => t.track_id)).toEqual([a.track_id]);
    expect((await listTracks(p.store, { type: ['bugfix'], priority: ['P0'] })).map((t) => t.track_id)).toEqual([b.track_id]);
    expect(await listTracks(p.store, { type: ['bugfix'], status: ['active'] })).toEqual([]);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('refuses id collisions and validates input', async () => {
    p = tempProject();
    await life.createTrack(p.store, { name: 'A', goal: 'g', id: 'custom-id' });
    await expect(life.createTrack(p.store, { name: 'A', goal: 'g', id: 'custom-id' })).rejects.toBeInstanceOf(ConflictError);
    await expect(life.createTrack(p.store, { name: 'A', goal: 'x'.repeat(10 * 1024 * 1024) })).rejects.toThrow(/goal: too long/);
    await expect(life.createTrack(p.store, { name: '', goal: 'g' })).rejects.toBeInstanceOf(ValidationError);
    await expect(life.createTrack(p.store, { name: 'A', goal: 'g', type: 'nope' as never })).rejects.toThrow(/must be one of/);
    await expect(life.createTrack(p.store, { name: 'A', goal: 'g', id: '../escape' })).rejects.toBeInstanceOf(ValidationError);
  });
});
