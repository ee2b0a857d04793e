// `npm run bench`: runs every benchmark script in this folder, one after another (helpers live in lib/);
// `npm run bench -- <prefix>` only those whose name starts with it. postgres.mjs runs only when named
// so (it starts a PostgreSQL server and seeds 10,000 tracks into it: minutes, not seconds).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const onlyWhenNamed = new Set(['postgres.mjs']);
const scripts = readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && (only ? f.startsWith(only) : !onlyWhenNamed.has(f)));
let failed = 0;
for (const script of scripts.sort()) {
  console.log(`\n## bench/${script}`);
  const r = spawnSync(process.execPath, [`${here}${script}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
