/**
 * The files a database store keeps on this machine rather than in the database: the logs and
 * command records of the commands that ran here (`.claude/conductor/run-output/<project>`).
 */
import { existsSync } from 'node:fs';
import { walkFiles } from '../file/bundle-walk.js';
import { trackDir } from '../file/layout.js';
import { safeJoin } from '../file/paths.js';
import type { TrackFile } from '../port.js';

/** This machine's files of the track's runs named in `runIds`, as `workflows/<run-id>/<name>`. */
export function localRunFiles(localRoot: string, trackId: string, runIds: ReadonlySet<string>): TrackFile[] {
  if (!existsSync(safeJoin(localRoot, trackDir(trackId)))) return [];
  return walkFiles(localRoot, trackDir(trackId)).filter((f) => {
    const [top, runId, name, ...deeper] = f.path.split('/');
    return top === 'workflows' && runId !== undefined && runIds.has(runId) && name !== undefined && deeper.length === 0;
  });
}
