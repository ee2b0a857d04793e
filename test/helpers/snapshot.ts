import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollForward } from '../../src/store/file/journal.js';

const VOLATILE = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"|"sha256:[0-9a-f]{64}"/g;
const SKIPPED = (name: string) => name.startsWith('.tmp-') || name === '.track.lock' || name.startsWith('.track.lock.broken-') || name === 'lost+found';

/** Every file under `dir` (path → content), timestamps and checksums masked, temp files and the lock left out. */
export function fileSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      if (SKIPPED(name)) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = readFileSync(p, 'utf8').replace(VOLATILE, '"<masked>"');
    }
  };
  walk(dir, '');
  return out;
}

/** The state the next command will see: a copy of the root with any leftover journal rolled forward. */
export function committedSnapshot(root: string): Record<string, string> {
  const copy = mkdtempSync(join(tmpdir(), 'track-snap-'));
  try {
    cpSync(root, copy, { recursive: true });
    rollForward(copy);
    return fileSnapshot(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Leftover temp files anywhere under `dir`. */
export function tempFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name.startsWith('.tmp-')) found.push(p);
      else if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return found;
}
