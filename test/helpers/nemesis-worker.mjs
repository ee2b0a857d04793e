// One nemesis worker: random lifecycle, plan and context operations, in one of three lanes (taking
// tracks over from other lanes now and then), against the built library
// (dist/, as one bundle), each acknowledged in an append-only log only after it returned. It
// starts as a spare: it loads the library, says 'ready' on stdout, and waits for its orders on
// stdin — `{"id":…,"from":…,"to":…}`, operations `from` to `to` - 1 of its slot — so a slot whose
// worker was killed carries on at once, where that one stopped.
//   node nemesis-worker.mjs <projectDir> <logFile> <libraryFile>
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [projectDir, logFile, libraryFile] = process.argv.slice(2);
const track = await import(pathToFileURL(libraryFile).href);
let store = track.openStore({ cwd: projectDir });
process.stdout.write('ready\n');

let orders = '';
for await (const chunk of process.stdin) {
  orders += chunk;
  if (orders.includes('\n')) break;
}
if (!orders.includes('\n')) process.exit(0);
const { id: workerId, from, to } = JSON.parse(orders);
// Three lanes share the store: a slot works in the default lane or in one of two named ones.
const LANES = ['default', 'agent-a', 'agent-b'];
store = track.openStore({ cwd: projectDir, lane: LANES[Number(/^w(\d+)/.exec(workerId)?.[1] ?? 0) % LANES.length] });

const pick = (items) => items[Math.floor(Math.random() * items.length)];
const log = (entry) => appendFileSync(logFile, `${JSON.stringify({ w: workerId, ...entry })}\n`);

const OPS = ['create', 'activate', 'switch', 'pause', 'resume', 'ready', 'complete', 'update-status', 'step', 'step-complete', 'decide', 'checkpoint'];

/** Hands out the next agent step of the active track and completes it, noting `reason` on it. */
async function completeNextStep(reason) {
  const next = await track.nextStep(store, { agent: workerId });
  if (!next.step || next.kind !== 'handed-off') throw new track.TrackError('NOT_FOUND', 'no agent step to hand out');
  return track.closeStep(store, { action: 'complete', track_id: next.track.track_id, step_id: next.step.step_id, agent: workerId, notes: reason });
}

for (let i = from; i < to; i++) {
  const op = i < 2 ? 'create' : pick(OPS);
  const reason = `${workerId}-${i}`;
  try {
    const listed = await track.listTracks(store, {});
    const ids = listed.map((t) => t.track_id);
    const active = listed.filter((t) => t.status === 'active').map((t) => t.track_id);
    // Activations aim at an active track (most likely another lane's) a third of the time, taking it over.
    const contest = (op === 'activate' || op === 'switch') && active.length > 0 && Math.random() < 0.35;
    const id = contest ? pick(active) : pick(ids);
    let result;
    if (op === 'create') result = await track.createTrack(store, { name: `T ${reason}`, goal: 'nemesis' });
    else if (op === 'activate') result = await track.activateTrack(store, { track_id: id, reason, take_over: contest && Math.random() < 0.7 });
    else if (op === 'switch') result = await track.switchTrack(store, { to: id, reason, take_over: contest && Math.random() < 0.7 });
    else if (op === 'pause') result = await track.pauseTrack(store, { reason });
    else if (op === 'resume') result = await track.resumeTrack(store, { track_id: id, reason });
    else if (op === 'ready') result = await track.readyTrack(store, { track_id: id, reason });
    else if (op === 'complete') result = await track.completeTrack(store, { track_id: id, reason });
    else if (op === 'update-status')
      result = await track.updateTrack(store, { track_id: id, field: 'status', value: pick(['paused', 'ready', 'cancelled']), reason });
    else if (op === 'step') result = await track.addStep(store, { name: reason, action_type: 'manual', instructions: 'nemesis' });
    else if (op === 'step-complete') result = await completeNextStep(reason);
    else if (op === 'decide') result = await track.decide(store, { title: reason });
    else result = await track.createCheckpoint(store, { reason });
    const trackId = (result.track ?? result).track_id;
    log({ op, reason, track_id: trackId, ok: true });
  } catch (error) {
    log({
      op,
      reason,
      ok: false,
      code: error instanceof track.TrackError ? error.code : `untyped:${error?.code ?? ''}:${String(error?.message).slice(0, 200)}`,
    });
  }
}
