/**
 * The single seam through which the store touches the file system. Production code always
 * uses `io`; the fault-injection tests replace its members to fail the Nth operation.
 */
import * as fs from 'node:fs';

export interface FsSeam {
  openSync(path: string, flags: number, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  fsyncSync(fd: number): void;
  fchmodSync(fd: number, mode: number): void;
  fstatSync(fd: number): fs.Stats;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  linkSync(existing: string, target: string): void;
  mkdirSync(path: string, mode: number): void;
  rmdirSync(path: string): void;
  lstatSync(path: string): fs.Stats;
  statSync(path: string): fs.Stats;
  readdirSync(path: string): string[];
  utimesSync(path: string, atime: Date, mtime: Date): void;
  chmodSync(path: string, mode: number): void;
  realpathSync(path: string): string;
}

const real: FsSeam = {
  openSync: (p, f, m) => fs.openSync(p, f, m),
  writeSync: (fd, b, o, l, p) => fs.writeSync(fd, b, o, l, p),
  readSync: (fd, b, o, l, p) => fs.readSync(fd, b, o, l, p),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fchmodSync: (fd, m) => fs.fchmodSync(fd, m),
  fstatSync: (fd) => fs.fstatSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  unlinkSync: (p) => fs.unlinkSync(p),
  linkSync: (a, b) => fs.linkSync(a, b),
  mkdirSync: (p, m) => {
    fs.mkdirSync(p, { mode: m });
  },
  rmdirSync: (p) => fs.rmdirSync(p),
  lstatSync: (p) => fs.lstatSync(p),
  statSync: (p) => fs.statSync(p),
  readdirSync: (p) => fs.readdirSync(p),
  utimesSync: (p, a, m) => fs.utimesSync(p, a, m),
  chmodSync: (p, m) => fs.chmodSync(p, m),
  realpathSync: (p) => fs.realpathSync(p),
};

export const io: FsSeam = { ...real };

/** Restores the real file system after a test replaced members of `io`. */
export function resetIo(): void {
  Object.assign(io, real);
}

export const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY } = fs.constants;

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
