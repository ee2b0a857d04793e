// Test-only launcher: runs the track CLI (tsc build in dist/) with the file-system seam
// instrumented so that the process SIGKILLs itself just before its Nth mutating operation.
// Usage: node kill-at-op.mjs <N> <track args...>   (N = 0 never kills; prints the op count to fd 3 if open)
import { writeSync } from 'node:fs';

const { io } = await import('../../dist/store/file/fs-seam.js');
const { run } = await import('../../dist/faces/cli/main.js');

const killAt = Number(process.argv[2]);
let count = 0;
for (const name of ['openSync', 'writeSync', 'fsyncSync', 'renameSync', 'unlinkSync', 'mkdirSync', 'linkSync', 'fchmodSync', 'chmodSync', 'utimesSync']) {
  const real = io[name];
  io[name] = (...args) => {
    count += 1;
    if (count === killAt) process.kill(process.pid, 'SIGKILL');
    return real(...args);
  };
}
const code = await run(process.argv.slice(3), { binUrl: new URL('../../dist/bin/track.cjs', import.meta.url).href });
try {
  writeSync(3, String(count));
} catch {
  /* no op-count channel */
}
process.exitCode = code;
