// Test-only launcher: runs the tsc-built CLI (dist/faces/cli/main.js) with a fault plan installed into
// the seam of the same dist modules. TRACK_TEST_KILL_AT=N: SIGKILL this process at its Nth file
// operation. Prints the number of operations to stderr as `ops=N` when it finishes.

import { run } from '../../dist/faces/cli/main.js';
import { io } from '../../dist/store/file/fs-seam.js';

const killAt = Number(process.env.TRACK_TEST_KILL_AT ?? 0);
let ops = 0;
for (const name of Object.keys(io)) {
  const real = io[name];
  io[name] = (...args) => {
    ops++;
    if (ops === killAt) process.kill(process.pid, 'SIGKILL');
    return real(...args);
  };
}
const code = await run(process.argv.slice(2), { binUrl: new URL('../../dist/bin/track.cjs', import.meta.url).href });
process.stderr.write(`ops=${ops}\n`);
process.exitCode = code;
