/**
 * Standard output and error without Node's stream machinery: `process.stdout` and `node:tty` load
 * `net` and the streams, which costs a command that prints a few lines several milliseconds —
 * a tenth of Node's own startup. Writes are synchronous and whole, so output keeps its order.
 */
import { fstatSync, writeSync } from 'node:fs';

export type Fd = 1 | 2;

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Outputs whose reader has gone (`track export | head`): what is left to write there is dropped, as the pipe's reader asked. */
const closed = new Set<Fd>();

/** Writes every byte, waiting briefly whenever a non-blocking pipe is full. */
function writeWhole(fd: Fd, data: string | Uint8Array): void {
  let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  while (bytes.length > 0 && !closed.has(fd)) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') closed.add(fd);
      else if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else throw error;
    }
  }
}

export type Writer = (fd: Fd, data: string | Uint8Array) => void;

let writer: Writer = writeWhole;

/** Where the CLI's output goes: standard output and error, or — for a caller running the CLI in its own process (a test, the build's warm-up) — a writer of its own. */
export function useWriter(next: Writer | undefined): void {
  writer = next ?? writeWhole;
}

export function writeFd(fd: Fd, data: string | Uint8Array): void {
  writer(fd, data);
}

/** True once the reader of `fd` has gone (a pipe closed): a command that streams output may stop. */
export const outputClosed = (fd: Fd): boolean => closed.has(fd);

/** Linux character devices that are terminals: the console and ttys (4), /dev/tty and ptmx (5), pseudo-terminals (136–143). */
const isLinuxTerminalMajor = (major: number): boolean => major === 4 || major === 5 || (major >= 136 && major <= 143);

const terminal = new Map<Fd, boolean>();

/** True when `fd` is a terminal (decided once per process). */
export function isTerminal(fd: Fd): boolean {
  let known = terminal.get(fd);
  if (known === undefined) {
    if (process.platform === 'linux') {
      try {
        const st = fstatSync(fd);
        known = st.isCharacterDevice() && isLinuxTerminalMajor(Number((BigInt(st.rdev) >> 8n) & 0xfffn));
      } catch {
        known = false;
      }
    } else known = process.getBuiltinModule('node:tty').isatty(fd);
    terminal.set(fd, known);
  }
  return known;
}
