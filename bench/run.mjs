// Runs every benchmark in this folder, one after another (`npm run bench` builds first).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .sort()) {
  console.log(`\n## ${file}`);
  execFileSync(process.execPath, [file], { cwd: here, stdio: 'inherit' });
}
