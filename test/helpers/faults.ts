/**
 * Fault injection through the store's one file-system seam (`io` in src/store/file/fs-seam.ts):
 * the Nth eligible operation fails with ENOSPC or EIO, or writes only part of its bytes
 * (after which the disk is full). Test-only: production code never reads a fault plan.
 */
import * as fs from 'node:fs';
import { type FsSeam, io, resetIo } from '../../src/store/file/fs-seam.js';

export type FaultKind = 'ENOSPC' | 'EIO' | 'short';
export const FAULT_KINDS: readonly FaultKind[] = ['ENOSPC', 'EIO', 'short'];

type OpName = keyof FsSeam;
const WRITING: ReadonlySet<OpName> = new Set<OpName>([
  'writeSync',
  'fsyncSync',
  'renameSync',
  'linkSync',
  'mkdirSync',
  'fchmodSync',
  'chmodSync',
  'utimesSync',
]);

/** Which operations a fault kind can hit: a full disk fails writes, an I/O error anything. */
function eligible(kind: FaultKind, op: OpName, args: unknown[]): boolean {
  if (kind === 'EIO') return true;
  if (kind === 'short') return op === 'writeSync';
  return WRITING.has(op) || (op === 'openSync' && ((args[1] as number) & fs.constants.O_CREAT) !== 0);
}

const errnoError = (code: string, op: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: injected fault, ${op}`), { code, errno: code === 'ENOSPC' ? -28 : -5, syscall: op });

export interface InstalledFaults {
  /** Eligible operations seen so far. */
  count(): number;
  /** Whether the planned fault was injected (false: the command finished before op N). */
  fired(): boolean;
}

/** Makes the `at`-th eligible operation (1-based) fail as `kind`; call `resetIo()` to undo. */
export function installFault(kind: FaultKind, at: number): InstalledFaults {
  resetIo();
  let seen = 0;
  let fired = false;
  let diskFull = false;
  const wrap = <K extends OpName>(op: K) => {
    const real = io[op] as (...a: unknown[]) => unknown;
    (io as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => {
      if (diskFull && op === 'writeSync') throw errnoError('ENOSPC', op);
      if (!fired && eligible(kind, op, args)) {
        seen++;
        if (seen === at) {
          fired = true;
          if (kind !== 'short') throw errnoError(kind, op);
          const [fd, buffer, offset, length, position] = args as [number, Uint8Array, number, number, number | null];
          diskFull = true;
          return fs.writeSync(fd, buffer, offset, Math.max(0, Math.floor(length / 2)), position);
        }
      }
      return real(...args);
    };
  };
  for (const op of Object.keys(io) as OpName[]) wrap(op);
  return { count: () => seen, fired: () => fired };
}

export { resetIo };
