import { trackStats } from '../../../features/stats/stats.js';
import { writeUserFile } from '../../../store/user-files/user-file.js';
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
    const path = writeUserFile(store, html, statsHtml(report), 'the report');
    lines.push(`HTML report written to ${path}`);
  }
  return { json: report, human: lines };
}
