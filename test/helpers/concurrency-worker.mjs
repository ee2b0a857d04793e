// One worker of the concurrency test: performs N random mutating operations on the shared
// root through the library and prints one JSON line per acknowledged (successful) operation.
// Usage: node concurrency-worker.mjs <worker-index> <operations> <seed>
import * as tm from '../../dist/index.js';

const [worker, operations, seedArg] = process.argv.slice(2).map(Number);
let seed = seedArg * 7919 + worker;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const store = tm.openStore();
const log = (entry) => process.stdout.write(`${JSON.stringify({ worker, ...entry })}\n`);
const own = (await tm.createTrack(store, { name: `worker ${worker}`, goal: 'concurrency', id: `track-w${worker}-own` })).track.track_id;
log({ op: 'create', track: own });
const EXPECTED = new Set(['INVALID_STATE', 'ACTIVE_TRACK_EXISTS', 'NOT_FOUND']);

for (let i = 0; i < operations; i++) {
  const reason = `w${worker}-op${i}`;
  const ids = (await tm.listTracks(store, { status: ['draft', 'ready', 'active', 'paused'] })).map((t) => t.track_id);
  const target = ids[random(ids.length)] ?? own;
  try {
    switch (random(6)) {
      case 0: {
        const { track: t } = await tm.createTrack(store, { name: `w${worker} t${i}`, goal: 'g' });
        log({ op: 'create', track: t.track_id });
        break;
      }
      case 1: {
        const r = await tm.updateTrack(store, { track_id: own, field: 'description', value: reason });
        log({ op: 'describe', track: own, value: reason, generation: r.track.updated_at });
        break;
      }
      case 2: {
        const r = await tm.switchTrack(store, { to: target, reason });
        log({ op: 'switch', track: r.track.track_id, reason, paused: r.paused?.track_id ?? null });
        break;
      }
      case 3: {
        const r = await tm.activateTrack(store, { track_id: target, reason });
        log({ op: 'activate', track: r.track.track_id, reason });
        break;
      }
      case 4: {
        const r = await tm.pauseTrack(store, { reason });
        log({ op: 'pause', track: r.track.track_id, reason });
        break;
      }
      default: {
        const r = await tm.updateTrack(store, { track_id: target, field: 'priority', value: `P${random(4)}`, reason });
        log({ op: 'priority', track: r.track.track_id });
      }
    }
  } catch (error) {
    if (!(error instanceof tm.TrackError) || !EXPECTED.has(error.code)) {
      process.stderr.write(`worker ${worker} op ${i}: ${error?.stack ?? error}\n`);
      process.exit(1);
    }
  }
}
