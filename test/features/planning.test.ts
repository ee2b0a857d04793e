import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, TrackError, ValidationError } from '../../src/core/errors.js';
import { createFromTemplate } from '../../src/features/templates/templates.js';
import { conflictsIn } from '../../src/features/tracks/conflicts.js';
import { aggregateProgress } from '../../src/features/tracks/hierarchy.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { cancelTrack } from '../../src/features/tracks/lifecycle.js';
import { showTrack } from '../../src/features/tracks/queries.js';
import { updateTrack } from '../../src/features/tracks/update.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

describe('hierarchy, dependencies and conflicts', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());
  const create = (id: string, parent?: string) => life.createTrack(p.store, { name: id, goal: `goal of ${id}`, id, ...(parent ? { parent } : {}) });

  it('a parent cannot complete while a child is open; the error names the children', async () => {
    p = tempProject();
    await create('parent');
    await create('kid-a', 'parent');
    await create('kid-b', 'parent');
    await life.activateTrack(p.store, { track_id: 'parent' });
    const error = await life.completeTrack(p.store, { track_id: 'parent' }).catch((e) => e);
    expect(error).toBeInstanceOf(TrackError);
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toMatch(/kid-a \(draft\)/);
    expect(error.message).toMatch(/kid-b \(draft\)/);
    expect((await showTrack(p.store, { track_id: 'parent' })).status).toBe('active');
    await life.cancelTrack(p.store, { track_id: 'kid-a' });
    await life.switchTrack(p.store, { to: 'kid-b' });
    await life.completeTrack(p.store, { track_id: 'kid-b' });
    await life.activateTrack(p.store, { track_id: 'parent' });
    expect((await life.completeTrack(p.store, { track_id: 'parent' })).track.status).toBe('completed');
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('aggregates progress over sub-tracks, leaving cancelled ones out', async () => {
    p = tempProject();
    (await createFromTemplate(p.store, { template: 'documentation', name: 'Docs', goal: 'g', id: 'parent' })).track;
    await create('kid-done', 'parent');
    await create('kid-open', 'parent');
    await create('kid-cancelled', 'parent');
    await life.activateTrack(p.store, { track_id: 'kid-done' });
    await life.completeTrack(p.store, { track_id: 'kid-done' });
    await life.cancelTrack(p.store, { track_id: 'kid-cancelled' });
    // parent: 3 pending steps; kid-done: 1/1; kid-open: 0/1.
    expect(await aggregateProgress(p.store, { track_id: 'parent' })).toMatchObject({ completed_units: 1, total_units: 5, tracks: 3, percentage: 20 });
  });

  it('cancel refuses with open children; --cascade cancels the subtree in one transaction', async () => {
    p = tempProject();
    await create('parent');
    await create('kid', 'parent');
    await create('grandkid', 'kid');
    await life.activateTrack(p.store, { track_id: 'grandkid' });
    await expect(life.cancelTrack(p.store, { track_id: 'parent' })).rejects.toThrow(/open sub-tracks: kid/);
    expect((await cancelTrack(p.store, { track_id: 'parent' }).catch((e) => e)).hint).toMatch(/--cascade/);
    const r = await cancelTrack(p.store, { track_id: 'parent', cascade: true });
    expect(r.cancelled_children.sort()).toEqual(['grandkid', 'kid']);
    const grandkid = await showTrack(p.store, { track_id: 'grandkid' });
    expect(grandkid.status_history.slice(-2).map((h) => h.to)).toEqual(['paused', 'cancelled']);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('refuses to activate a track whose prerequisites or blockers are unfinished; --force records the override', async () => {
    p = tempProject();
    await create('base');
    await create('blocker');
    await create('dependant');
    await updateTrack(p.store, { track_id: 'dependant', field: 'context.prerequisites', value: 'base' });
    await updateTrack(p.store, { track_id: 'blocker', field: 'context.blocks', value: 'dependant' });
    const error = await life.activateTrack(p.store, { track_id: 'dependant' }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details.prerequisites.map((x: { track_id: string }) => x.track_id).sort()).toEqual(['base', 'blocker']);
    expect((await showTrack(p.store, { track_id: 'dependant' })).status).toBe('draft');
    const forced = await life.activateTrack(p.store, { track_id: 'dependant', force: true });
    expect(forced.track.status_history.at(-1)?.reason).toMatch(/overridden with --force: base \(draft\), blocker \(draft\)/);
  });

  it('activation goes through once prerequisites completed; a switch enforces them too', async () => {
    p = tempProject();
    await create('base');
    await create('next');
    await updateTrack(p.store, { track_id: 'next', field: 'context.prerequisites', value: 'base' });
    await life.activateTrack(p.store, { track_id: 'base' });
    await expect(life.switchTrack(p.store, { to: 'next' })).rejects.toThrow(/unfinished prerequisites: base/);
    expect((await showTrack(p.store, { track_id: 'base' })).status).toBe('active');
    await life.completeTrack(p.store, { track_id: 'base' });
    expect((await life.activateTrack(p.store, { track_id: 'next' })).track.status).toBe('active');
  });

  it('rejects dependency cycles and self-dependencies', async () => {
    p = tempProject();
    await create('a');
    await create('b');
    await create('c');
    await updateTrack(p.store, { track_id: 'b', field: 'context.prerequisites', value: 'a' });
    await updateTrack(p.store, { track_id: 'c', field: 'context.prerequisites', value: 'b' });
    await expect(updateTrack(p.store, { track_id: 'a', field: 'context.prerequisites', value: 'c' })).rejects.toThrow(/dependency cycle: a → b → c → a/);
    await expect(updateTrack(p.store, { track_id: 'a', field: 'context.blocks', value: 'a' })).rejects.toThrow(ValidationError);
    await expect(updateTrack(p.store, { track_id: 'c', field: 'context.blocks', value: 'a' })).rejects.toThrow(/cycle/);
    expect((await showTrack(p.store, { track_id: 'a' })).context.prerequisites).toEqual([]);
  });

  it('reports open tracks with overlapping targets, with the patterns and an example path', async () => {
    p = tempProject();
    await create('auth');
    await create('api');
    await create('docs');
    await updateTrack(p.store, { track_id: 'auth', field: 'context.target_directories', value: 'src/auth/' });
    await updateTrack(p.store, { track_id: 'api', field: 'context.target_files', value: 'src/**/*.ts,package.json' });
    await updateTrack(p.store, { track_id: 'docs', field: 'context.target_directories', value: 'docs' });
    const all = await p.store.read((r) => conflictsIn(r));
    expect(all).toHaveLength(1);
    expect(all[0]?.tracks).toEqual(['api', 'auth']);
    expect(all[0]?.overlaps).toEqual([{ patterns: ['src/**/*.ts', 'src/auth/**'], example_path: expect.stringMatching(/^src\/auth\/[^./][^/]*\.ts$/) }]);
    expect(await p.store.read((r) => conflictsIn(r, 'docs'))).toEqual([]);
    await life.cancelTrack(p.store, { track_id: 'api' });
    expect(await p.store.read((r) => conflictsIn(r))).toEqual([]);
  });
});
