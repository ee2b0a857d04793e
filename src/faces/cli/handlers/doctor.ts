import { EXIT_CODES } from '../../../core/errors.js';
import { doctor as runDoctor } from '../../../features/doctor/doctor.js';
import type { Problem } from '../../../features/doctor/problem.js';
import { staleAfterFrom } from '../../../features/doctor/stale-lanes.js';
import { FileStore } from '../../../store/file/file-store.js';
import { flag, type Invocation, str } from '../command.js';
import type { Output } from '../output.js';
import { green, red, yellow } from '../output.js';
import { openStore } from './open-store.js';

/** The problem, led by its file (relative to the root) when its text does not name it already. */
const what = (p: Problem): string => (p.path && !p.problem.includes(p.path) ? `${p.path}: ${p.problem}` : p.problem);
const line = (p: Problem): string => `  ${what(p)}\n    fix: ${p.fix}`;

export async function doctor(inv: Invocation): Promise<Output> {
  const fix = flag(inv, 'fix');
  const store = openStore(inv.global);
  const report =
    store instanceof FileStore
      ? await runDoctor(store, { fix, staleAfterMs: staleAfterFrom(str(inv, 'stale-after')) })
      : await (await import('../../../features/doctor/database-doctor.js')).databaseDoctor(store);
  const human: string[] = [];
  // --fix is offered only for what it can do; a problem whose fix is a command of its own says which.
  const fixable = report.problems.some((p) => p.repair.kind !== 'manual');
  if (report.problems.length === 0) human.push(green(`healthy: ${report.root}`));
  else if (!fix && report.healthy)
    human.push(
      green(`healthy: ${report.root}`),
      `${report.problems.length} harmless leftover(s) or note(s):`,
      ...report.problems.map(line),
      ...(fixable ? ["run 'track doctor --fix' to remove the leftovers"] : []),
    );
  else if (!fix)
    human.push(
      yellow(`${report.problems.length} problem(s) in ${report.root}:`),
      ...report.problems.map(line),
      fixable ? "run 'track doctor --fix' to repair what it can; the others name their fix" : 'each names its fix (track doctor --fix cannot do these)',
    );
  else {
    human.push(`fixed ${report.fixed.length} of ${report.problems.length} problem(s) in ${report.root}`);
    for (const p of report.fixed) human.push(`  fixed: ${what(p)}${p.moved_to ? ` (moved to ${p.moved_to})` : ''}`);
    if (report.remaining.length) human.push(red(`${report.remaining.length} problem(s) remain:`), ...report.remaining.map(line));
  }
  return { json: report, human, exitCode: report.healthy ? 0 : EXIT_CODES.CORRUPT_STORE };
}
