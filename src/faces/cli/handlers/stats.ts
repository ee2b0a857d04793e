import { resolve, sep } from 'node:path';
import { UnsafePathError } from '../../../core/errors.js';
import { trackStats } from '../../../features/stats/stats.js';
import { atomicWriteFile } from '../../../store/file/atomic-write.js';
import { type Invocation, listOption, str } from '../command.js';
import type { Output } from '../output.js';
import { statsHtml } from '../stats-html.js';
import { statsLines } from '../stats-render.js';
import { openStore } from './open-store.js';

export async function stats(inv: Invocation): Promise<Output> {
  const store = openStore(inv.global);
  const report = await trackStats(store, { since: str(inv, 'since'), types: listOption(inv, 'type') });
  const html = str(inv, 'html');
  const lines = statsLines(report);
  if (html) {
    const path = resolve(html);
    if (path === store.root || path.startsWith(store.root + sep)) throw new UnsafePathError(html, 'the report may not be written inside the tracks root');
    atomicWriteFile(path, statsHtml(report));
    lines.push(`HTML report written to ${path}`);
  }
  return { json: report, human: lines };
}
