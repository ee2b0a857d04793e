/** The board's lanes: who is on what, when each lane last acted, and which lanes are stale. */
import type { StorePort } from '../../store/port.js';
import { stalenessOf } from '../doctor/stale-lanes.js';
import { type LaneView, listLanes } from '../lanes/lanes.js';

export interface LanesPage {
  lanes: Array<LaneView & { stale: 'gone' | 'idle' | null }>;
  stale_after_ms: number;
}

/** `staleAfterMs`: a named lane idle for longer holds its track no longer (doctor's rule, TRACK_STALE_AFTER). */
export async function lanesPage(store: StorePort, staleAfterMs: number): Promise<LanesPage> {
  const lanes = (await listLanes(store)).map((view) => {
    // Whether a worktree is gone is the lane view's to say: on a shared database it may be another machine's path.
    const stale: LanesPage['lanes'][number]['stale'] = !view.worktree_exists
      ? 'gone'
      : stalenessOf(view.lane, view, { staleAfterMs })?.kind === 'idle'
        ? 'idle'
        : null;
    return { ...view, stale };
  });
  return { lanes, stale_after_ms: staleAfterMs };
}
