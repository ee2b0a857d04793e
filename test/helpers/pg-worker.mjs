// One client of the database store's concurrency and nemesis tests, as if on one of two hosts:
// random lifecycle, plan and context operations through the built library, in its own lane, each
// appended to the operation log only after it returned (acknowledged) or failed (with its code).
// It loads the library, says 'ready' on stdout and waits for its orders on stdin —
// `{"id":…,"lane":…,"from":…,"to":…}`, operations `from` to `to` - 1 — so that a spare can take
// over a killed worker's slot at once.
//   node pg-worker.mjs <libraryFile> <logFile>
// Environment: TRACK_DATABASE_URL and TRACK_PROJECT (the shared database project), PG_WORKER_HOST
// (the host it plays; its cwd is that host's project directory).
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [libraryFile, logFile] = process.argv.slice(2);
const track = await import(pathToFileURL(libraryFile).href);
const host = process.env.PG_WORKER_HOST ?? 'host';
process.stdout.write('ready\n');

let orders = '';
for await (const chunk of process.stdin) {
  orders += chunk;
  if (orders.includes('\n')) break;
}
if (!orders.includes('\n')) process.exit(0);
const { id, lane, from, to } = JSON.parse(orders);
const store = track.openStore({ lane });

const pick = (items) => items[Math.floor(Math.random() * items.length)];
const log = (entry) => appendFileSync(logFile, `${JSON.stringify({ w: id, host, lane, ...entry })}\n`);

const OPS = ['create', 'activate', 'activate', 'switch', 'switch', 'pause', 'resume', 'step', 'step', 'step-complete', 'decide', 'decide', 'checkpoint'];

/** Hands out the next agent step of this lane's active track and completes it, noting `tag` on it. */
async function completeNextStep(tag) {
  const next = await track.nextStep(store, { agent: id });
  if (!next.step || next.kind !== 'handed-off') throw new track.TrackError('NOT_FOUND', 'no agent step to hand out');
  const r = await track.closeStep(store, { action: 'complete', track_id: next.track.track_id, step_id: next.step.step_id, agent: id, notes: tag });
  return { track: r.track ?? next.track };
}

async function perform(op, tag) {
  const listed = await track.listTracks(store, { status: ['draft', 'ready', 'active', 'paused'] });
  // A third of activations aim at a track another lane holds, mostly taking it over.
  const others = listed.filter((t) => t.status === 'active' && t.lane !== lane);
  const contest = (op === 'activate' || op === 'switch') && others.length > 0 && Math.random() < 0.35;
  const target = contest ? pick(others).track_id : pick(listed)?.track_id;
  const take_over = contest && Math.random() < 0.7;
  switch (op) {
    case 'create':
      return track.createTrack(store, { name: `T ${tag}`, goal: `made by ${host}` });
    case 'activate':
      return track.activateTrack(store, { track_id: target, reason: tag, take_over });
    case 'switch': {
      const r = await track.switchTrack(store, { to: target, reason: tag, take_over });
      return { track: r.track, paused: r.paused?.track_id ?? null };
    }
    case 'pause':
      return track.pauseTrack(store, { reason: tag });
    case 'resume':
      return track.resumeTrack(store, { track_id: Math.random() < 0.5 ? target : undefined, reason: tag });
    case 'step':
      return track.addStep(store, { name: tag, action_type: 'manual', instructions: `step by ${host}` });
    case 'step-complete':
      return completeNextStep(tag);
    case 'decide': {
      const d = await track.decide(store, { title: tag, rationale: `on ${host}` });
      return { decision: d.id };
    }
    default:
      return track.createCheckpoint(store, { reason: tag });
  }
}

for (let i = from; i < to; i++) {
  const op = i < 2 ? 'create' : pick(OPS);
  const tag = `${id}-${i}-${op}`;
  const started = Date.now();
  const ms = () => Date.now() - started;
  try {
    const result = await perform(op, tag);
    const trackId = result.track?.track_id ?? result.track_id;
    log({ op, tag, ok: true, ms: ms(), track_id: trackId, ...(result.paused !== undefined ? { paused: result.paused } : {}) });
  } catch (error) {
    const code = error instanceof track.TrackError ? error.code : `untyped:${error?.code ?? ''}:${String(error?.message).slice(0, 200)}`;
    log({ op, tag, ok: false, ms: ms(), code, message: String(error?.message).slice(0, 300) });
  }
}
await store.close();
