// One process of the lanes concurrency test: N random mutating operations on the shared store
// through the built library, acting in the lane its directory (or TRACK_LANE) gives it. Prints one
// JSON line per operation: what it was, whether it was acknowledged, and what an acknowledgement
// claims (or the refusal's code).
// Usage: node lanes-worker.mjs <lane-label> <process-index> <operations> <seed> <track-id>...
import * as tm from '../../dist/index.js';

const [label, processArg, operationsArg, seedArg, ...pool] = process.argv.slice(2);
const operations = Number(operationsArg);
const agent = `${label}-p${processArg}`;
let seed = Number(seedArg) * 7919 + ([...agent].reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % 100_003);
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor((seed / 2147483648) * n);
};
const pick = (list) => list[random(list.length)];
const store = tm.openStore();
const log = (entry) => process.stdout.write(`${JSON.stringify({ agent, lane: store.lane.id, ...entry })}\n`);
/** Steps handed to this agent and not yet completed by it: [track, step]. */
const held = [];

const OPS = ['activate', 'activate', 'switch', 'switch', 'pause', 'resume', 'resume', 'next', 'next', 'complete', 'complete', 'decide', 'decide'];

async function perform(op, tag) {
  switch (op) {
    case 'activate': {
      const take_over = random(4) === 0;
      const r = await tm.activateTrack(store, { track_id: pick(pool), reason: tag, take_over });
      return { track: r.track.track_id, reason: tag, take_over };
    }
    case 'switch': {
      const take_over = random(4) === 0;
      const r = await tm.switchTrack(store, { to: pick(pool), reason: tag, take_over });
      return { track: r.track.track_id, reason: tag, take_over, paused: r.paused?.track_id ?? null };
    }
    case 'pause': {
      const r = await tm.pauseTrack(store, { reason: tag });
      return { track: r.track.track_id, reason: tag };
    }
    case 'resume': {
      const r = await tm.resumeTrack(store, { track_id: random(2) ? pick(pool) : undefined, reason: tag });
      return { track: r.track.track_id, reason: tag };
    }
    case 'next': {
      const r = await tm.nextStep(store, { agent });
      if (r.kind !== 'handed-off' || !r.step) return { track: r.track.track_id, kind: r.kind };
      if (!held.some(([t, s]) => t === r.track.track_id && s === r.step.step_id)) held.push([r.track.track_id, r.step.step_id]);
      return { track: r.track.track_id, kind: r.kind, step: r.step.step_id };
    }
    case 'complete': {
      // The oldest step it holds, by id: the track may since be paused, or active in another lane.
      const [track, step] = held.shift();
      held.push([track, step]);
      const r = await tm.closeStep(store, { action: 'complete', track_id: track, step_id: step, agent, notes: tag });
      held.pop();
      return { track, step, status: r.step.status };
    }
    default: {
      // No track id: the note must land in the track this lane has active at that moment.
      const d = await tm.decide(store, { title: tag });
      return { id: d.id, title: tag };
    }
  }
}

for (let i = 0; i < operations; i++) {
  const chosen = pick(OPS);
  const op = chosen === 'complete' && held.length === 0 ? 'next' : chosen;
  const tag = `${agent}-op${i}`;
  try {
    log({ op, i, ok: true, ...(await perform(op, tag)) });
  } catch (error) {
    if (!(error instanceof tm.TrackError)) {
      process.stderr.write(`${agent} op ${i} (${op}): ${error?.stack ?? error}\n`);
      process.exit(1);
    }
    log({ op, i, ok: false, code: error.code, message: error.message });
  }
}
