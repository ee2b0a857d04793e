/** What a doctor check reports, and the repair that fixes it. */
import type { Inspection } from './inspect.js';

export type Repair =
  | { kind: 'break-lock' }
  | { kind: 'roll-forward' }
  | { kind: 'quarantine'; path: string }
  /** `prune`: folders removed afterwards, innermost first, if that left them empty. */
  | { kind: 'remove'; path: string; prune?: string[] }
  | { kind: 'restrict-mode'; path: string; directory: boolean }
  | { kind: 'rebuild-registry' }
  /** Pause the lane's track with a checkpoint and release it; forget the lane when its worktree is gone. */
  | { kind: 'release-lane'; lane: string }
  | { kind: 'manual' };

export interface Problem {
  check: string;
  /** Path relative to the tracks root ('' = the root). */
  path: string;
  problem: string;
  /** What fixes it: what `--fix` does, or the command to run by hand. */
  fix: string;
  repair: Repair;
  /** Reported, and removed by `--fix`, but the store is healthy with it (e.g. an object nothing references). */
  harmless?: boolean;
}

export interface Check {
  name: string;
  run(inspection: Inspection, settings?: DoctorSettings): Problem[];
}

export interface DoctorSettings {
  /** A named lane that has not acted for this long holds its track no longer. */
  staleAfterMs: number;
}
