import type { Step, Track } from '../../src/core/schema.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import type { FileStore } from '../../src/store/file/file-store.js';

/** A plan step as the seed documents it. */
export function step(id: string, order: number, status: Step['status'], instructions?: string): Step {
  return {
    step_id: id,
    name: `Step ${id}`,
    type: 'implementation',
    status,
    order,
    action: { type: 'manual', ...(instructions ? { instructions } : {}) },
    depends_on: [],
  };
}

/** Replaces the plan of a track directly through a transaction (the plan commands are another feature). */
export function setSteps(store: FileStore, trackId: string, steps: Step[]): Promise<Track> {
  return store.transaction(async (tx) => tx.putTrack({ ...(await tx.getTrack(trackId)), steps }));
}

export async function activeTrack(store: FileStore, name: string, goal = `goal of ${name}`): Promise<Track> {
  const t = await life.createTrack(store, { name, goal });
  return (await life.activateTrack(store, t.track_id)).track;
}
