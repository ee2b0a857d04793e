// A tracks root a board shows at full size: `total` tracks across every column, each with a
// five-step plan at some point of its progress, built from the domain functions.
import { newTrack } from '../../dist/core/track-factory.js';
import { writeFixture } from './fixture.mjs';

const TYPES = ['feature', 'bugfix', 'refactor', 'performance', 'security'];
/** Of every 20 tracks: 12 completed, 5 drafts, 2 ready, 1 paused. */
const STATUS_CYCLE = ['completed', 'completed', 'draft', 'completed', 'ready', 'completed', 'draft', 'completed', 'completed', 'paused'];

const plan = (done) =>
  Array.from({ length: 5 }, (_, i) => ({
    step_id: `step-${i + 1}`,
    name: `Step ${i + 1}`,
    type: 'implementation',
    status: i < done ? 'completed' : 'pending',
    order: (i + 1) * 1000,
    action: { type: 'manual', instructions: 'do it' },
    depends_on: i ? [`step-${i}`] : [],
  }));

/** Returns the project directory; activate one of its tracks with the CLI so that the head agrees. */
export function buildBoardFixture(dir, total) {
  return writeFixture(dir, function* (at) {
    for (let i = 1; i <= total; i++) {
      const id = `track-board-${String(i).padStart(5, '0')}`;
      const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
      const steps = plan(status === 'completed' ? 5 : i % 5);
      const track = newTrack(
        { track_id: id, name: `Board ${i}`, type: TYPES[i % TYPES.length], priority: `P${i % 4}`, goal: 'benchmark', tags: [`t${i % 7}`], steps },
        at,
      );
      const history = status === 'draft' ? [] : [{ from: 'draft', to: 'ready', at }];
      if (status === 'completed' || status === 'paused') history.push({ from: 'ready', to: 'active', at }, { from: 'active', to: status, at });
      yield { track: { ...track, status, status_history: [...track.status_history, ...history] }, open: status !== 'completed' };
    }
  });
}
