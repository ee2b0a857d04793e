// One nemesis worker: random lifecycle operations against the tsc-built library (dist/), each
// acknowledged in an append-only log only after it returned. Usage:
//   node nemesis-worker.mjs <projectDir> <workerId> <ops> <logFile>
import { appendFileSync } from 'node:fs';
import * as track from '../../dist/index.js';

const [projectDir, workerId, opsArg, logFile] = process.argv.slice(2);
const store = track.openStore({ cwd: projectDir });
const pick = (items) => items[Math.floor(Math.random() * items.length)];
const log = (entry) => appendFileSync(logFile, `${JSON.stringify({ w: workerId, ...entry })}\n`);

const OPS = ['create', 'activate', 'switch', 'pause', 'resume', 'ready', 'complete', 'update-status'];

for (let i = 0; i < Number(opsArg); i++) {
  const op = i < 2 ? 'create' : pick(OPS);
  const reason = `${workerId}-${i}`;
  try {
    const ids = (await track.listTracks(store, {})).map((t) => t.track_id);
    const id = pick(ids);
    let result;
    if (op === 'create') result = await track.createTrack(store, { name: `T ${reason}`, goal: 'nemesis' });
    else if (op === 'activate') result = await track.activateTrack(store, id, reason);
    else if (op === 'switch') result = await track.switchTrack(store, id, reason);
    else if (op === 'pause') result = await track.pauseTrack(store, undefined, reason);
    else if (op === 'resume') result = await track.resumeTrack(store, id, reason);
    else if (op === 'ready') result = await track.readyTrack(store, id, reason);
    else if (op === 'complete') result = await track.completeTrack(store, id, reason);
    else result = await track.updateTrack(store, id, 'status', pick(['paused', 'ready', 'cancelled']), reason);
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
