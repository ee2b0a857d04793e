/**
 * The single seam through which the store touches the file system. Production code always
 * uses `io`; the fault-injection tests replace its members to fail the Nth operation.
 */
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  type Stats,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';

export interface FsSeam {
  openSync(path: string, flags: number, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  fsyncSync(fd: number): void;
  fchmodSync(fd: number, mode: number): void;
  fstatSync(fd: number): Stats;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  linkSync(existing: string, target: string): void;
  mkdirSync(path: string, mode: number): void;
  rmdirSync(path: string): void;
  lstatSync(path: string): Stats;
  statSync(path: string): Stats;
  /** `statSync` that answers undefined for a missing path instead of throwing (a throw costs several times the stat). */
  statIfPresent(path: string): Stats | undefined;
  readdirSync(path: string): string[];
  utimesSync(path: string, atime: Date, mtime: Date): void;
  chmodSync(path: string, mode: number): void;
  realpathSync(path: string): string;
}

const real: FsSeam = {
  openSync: (p, f, m) => openSync(p, f, m),
  writeSync: (fd, b, o, l, p) => writeSync(fd, b, o, l, p),
  readSync: (fd, b, o, l, p) => readSync(fd, b, o, l, p),
  fsyncSync: (fd) => fsyncSync(fd),
  fchmodSync: (fd, m) => fchmodSync(fd, m),
  fstatSync: (fd) => fstatSync(fd),
  closeSync: (fd) => closeSync(fd),
  renameSync: (a, b) => renameSync(a, b),
  unlinkSync: (p) => unlinkSync(p),
  linkSync: (a, b) => linkSync(a, b),
  mkdirSync: (p, m) => {
    mkdirSync(p, { mode: m });
  },
  rmdirSync: (p) => rmdirSync(p),
  lstatSync: (p) => lstatSync(p),
  statSync: (p) => statSync(p),
  statIfPresent: (p) => statSync(p, { throwIfNoEntry: false }),
  readdirSync: (p) => readdirSync(p),
  utimesSync: (p, a, m) => utimesSync(p, a, m),
  chmodSync: (p, m) => chmodSync(p, m),
  realpathSync: (p) => realpathSync(p),
};

export const io: FsSeam = { ...real };

/** Restores the real file system after a test replaced members of `io`. */
export function resetIo(): void {
  Object.assign(io, real);
}

export const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY } = constants;

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
