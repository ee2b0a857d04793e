import { ValidationError } from '../../../core/errors.js';
import { runMergeDriver } from '../../../features/git/merge-driver.js';
import type { Invocation } from '../command.js';
import type { Output } from '../output.js';
import { writeFd } from '../terminal.js';

/** Exit code when the versions cannot be merged: git then reports the file as conflicted. */
export const UNMERGEABLE_EXIT = 1;

/** git's merge driver: `track merge-driver %O %A %B %P`. */
export async function mergeDriver(inv: Invocation): Promise<Output> {
  const [base, ours, theirs, path] = inv.positionals;
  if (!base || !ours || !theirs || inv.positionals.length > 4) {
    throw new ValidationError(
      'track merge-driver takes the files git passes: <base> <ours> <theirs> [<path>]',
      `register it with 'track init' (git config merge.track.driver), not by hand`,
    );
  }
  const result = runMergeDriver({ base, ours, theirs, path: path ?? ours });
  if (result.merged) return { json: { merged: true, path: path ?? ours }, human: [] };
  writeFd(2, `track merge-driver: cannot merge ${result.reason}; git reports the conflict and the file holds one side\n`);
  return { json: { merged: false, path: path ?? ours, reason: result.reason }, human: [], exitCode: UNMERGEABLE_EXIT };
}
