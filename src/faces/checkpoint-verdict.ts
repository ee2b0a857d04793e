import { TrackError } from '../core/errors.js';
import { cmd, hint } from '../core/hint.js';
import type { VerifyResult } from '../features/checkpoints/checkpoints.js';

/**
 * A verification that found a damaged checkpoint is a CHECKSUM_MISMATCH error on every face (the
 * CLI exits 7, an MCP call is a tool error), carrying every result and naming the way back.
 */
export function requireVerified<R extends { track_id: string; results: VerifyResult[] }>(r: R): R {
  const bad = r.results.filter((x) => !x.ok);
  const first = bad[0];
  if (!first) return r;
  throw new TrackError(
    'CHECKSUM_MISMATCH',
    `${bad.length} of ${r.results.length} checkpoint(s) of ${r.track_id} failed verification; ${first.checkpoint_id}: ${first.problem}`,
    hint`restore an intact checkpoint with ${cmd('restore', { checkpoint_id: 'ID' })} (see ${cmd('checkpoints')})`,
    { ...r },
  );
}
