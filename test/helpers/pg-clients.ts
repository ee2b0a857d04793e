/**
 * Clients of a database project as if on two hosts (each its own project directory, its processes
 * each in a lane of their own), running pg-worker.mjs; and what their operation logs claim.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Marks } from './pg-invariants.js';

const WORKER = fileURLToPath(new URL('./pg-worker.mjs', import.meta.url));
export const LIBRARY = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const HOSTS = ['host-a', 'host-b'] as const;

export interface ClientSetup {
  url: string;
  project: string;
  /** Holds one project directory per host. */
  base: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

export interface Client {
  child: ChildProcess;
  pid: number;
  host: string;
  /** Resolves once the library is loaded. */
  ready: Promise<void>;
  /** Its slot's orders, once given. */
  orders?: Orders;
}

export interface Orders {
  id: string;
  lane: string;
  from: number;
  to: number;
}

/** Slot `n` of `slots`: the first half on host-a, the rest on host-b, each in its own lane (host-a-1 …). */
export function slotOf(n: number, slots: number): { host: string; lane: string } {
  const half = Math.ceil(slots / 2);
  const host = HOSTS[n < half ? 0 : 1];
  return { host, lane: `${host}-${(n % half) + 1}` };
}

export function hostDir(setup: ClientSetup, host: string): string {
  const dir = join(setup.base, host);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Starts a client process on `host`; it waits for `give(orders)`. */
export function startClient(setup: ClientSetup, host: string): Client {
  const env: NodeJS.ProcessEnv = { ...process.env, ...setup.env, TRACK_DATABASE_URL: setup.url, TRACK_PROJECT: setup.project, PG_WORKER_HOST: host };
  delete env.TRACK_MANAGER_ROOT;
  delete env.TRACK_LANE;
  const child = spawn(process.execPath, [WORKER, LIBRARY, setup.logFile], { cwd: hostDir(setup, host), env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('could not start a database client');
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
  });
  child.stdin?.on('error', () => {}); // a client killed before its orders
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code, signal) => reject(new Error(`client exited (${signal ?? code}) before it was ready: ${stderr}`)));
  });
  ready.catch(() => {});
  return { child, pid: child.pid, host, ready };
}

export function give(client: Client, orders: Orders): void {
  client.orders = orders;
  client.child.stdin?.end(`${JSON.stringify(orders)}\n`);
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export interface LogEntry {
  w: string;
  host: string;
  lane: string;
  op: string;
  tag: string;
  ok: boolean;
  track_id?: string;
  code?: string;
  message?: string;
}

/** The operation log; a line cut by a kill was never acknowledged. */
export function readLog(file: string): LogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogEntry];
      } catch {
        return [];
      }
    });
}

/** Acknowledged operations whose mark is not in the database. */
export function lostUpdates(log: readonly LogEntry[], marks: Marks): LogEntry[] {
  const present = (e: LogEntry): boolean => {
    switch (e.op) {
      case 'create':
        return marks.trackIds.has(e.track_id ?? '');
      case 'activate':
      case 'switch':
      case 'resume':
        return marks.moves.has(`active|${e.tag}`);
      case 'pause':
        return marks.moves.has(`paused|${e.tag}`);
      case 'step':
        return marks.steps.has(e.tag);
      case 'step-complete':
        return marks.completions.has(e.tag);
      case 'decide':
        return marks.decisions.has(e.tag);
      default:
        return marks.checkpoints.has(`${e.track_id}|${e.tag}`);
    }
  };
  return log.filter((e) => e.ok && !present(e));
}

/** Switches (acknowledged or not) seen half applied: a track paused by one, or its checkpoint, without the track it activated. */
export function halfSwitches(marks: Marks): string[] {
  const pausedBy = [...marks.moves.keys()].filter((k) => k.startsWith('paused|') && k.endsWith('-switch')).map((k) => k.slice('paused|'.length));
  const checkpointedBy = [...marks.checkpoints.keys()].map((k) => k.split('|')[1] ?? '').filter((tag) => tag.endsWith('-switch'));
  return [...new Set([...pausedBy, ...checkpointedBy])].filter((tag) => !marks.moves.has(`active|${tag}`));
}
