import type { Step } from '../../src/core/schema.js';
import type { FileStore } from '../../src/store/file/file-store.js';

/** A step as the seed writes one; `over` sets the rest. */
export const step = (step_id: string, order: number, over: Partial<Step> = {}): Step => ({
  step_id,
  name: `Step ${step_id}`,
  type: 'implementation',
  status: 'pending',
  order,
  action: { type: 'manual', instructions: `Do ${step_id} carefully.` },
  depends_on: [],
  ...over,
});

/** Gives a track a plan by writing its steps through a real transaction (the plan commands live on another branch). */
export function setSteps(store: FileStore, trackId: string, steps: Step[]): Promise<unknown> {
  return store.transaction(async (tx) => tx.putTrack({ ...(await tx.getTrack(trackId)), steps }));
}
