import { trackStatus } from '../../../features/plan/runs.js';
import { type Invocation, trackIdArg } from '../command.js';
import type { Output } from '../output.js';
import { idleLines, statusLines } from '../render-plan.js';
import { openStore } from './open-store.js';

export async function status(inv: Invocation): Promise<Output> {
  const view = await trackStatus(openStore(inv.global), { track_id: trackIdArg(inv) });
  return { json: view, human: view.track ? statusLines(view.track, view.last_run) : idleLines(view) };
}
