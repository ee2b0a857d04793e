import { afterEach, expect, it } from 'vitest';
import { ActiveInOtherLaneError } from '../../src/core/errors.js';
import { listLanes } from '../../src/features/lanes/lanes.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { PgStore } from '../../src/store/postgres/pg-store.js';
import { type TestPgProject, testPgProject } from '../helpers/pg-store.js';
import { describeWithPostgres } from '../helpers/postgres.js';

describeWithPostgres('lanes of other machines on a shared database', (db) => {
  let project: TestPgProject | undefined;
  let other: PgStore | undefined;
  afterEach(async () => {
    await other?.close();
    await project?.cleanup();
  });

  it("a lane whose worktree is not on this machine is another machine's, never gone: its track is not taken without --take-over", async () => {
    project = await testPgProject(db().url, 'track-pg-hosts-');
    other = new PgStore(project.target, { id: 'host-b-1', worktree: '/home/build/on-host-b/checkout' });
    const here = project.store('host-a-1');
    await life.createTrack(here, { name: 'Shared', goal: 'g', id: 'shared' });
    await life.activateTrack(other, { track_id: 'shared' });
    await expect(life.activateTrack(here, { track_id: 'shared' })).rejects.toBeInstanceOf(ActiveInOtherLaneError);
    const lanes = await listLanes(here);
    expect(lanes.find((l) => l.lane === 'host-b-1')).toMatchObject({ active_track_id: 'shared', worktree_exists: true });
    const taken = await life.activateTrack(here, { track_id: 'shared', take_over: true });
    expect(taken.track.lane).toBe('host-a-1');
  });
});
