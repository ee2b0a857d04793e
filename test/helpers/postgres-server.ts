/**
 * One throwaway PostgreSQL server: a fresh cluster in a temp dir on a free port, its postmaster a
 * child of this process. It never outlives this process (see postgres-orphans.ts).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, closeSync, existsSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type PostgresBinaries, postgresBinaries } from './postgres-binaries.js';
import { ownedTempDir, register, release } from './postgres-orphans.js';

export interface PostgresServer {
  readonly port: number;
  /** `postgres://postgres:<random password>@127.0.0.1:<port>/postgres`. */
  readonly adminUrl: string;
  readonly dataDir: string;
  /** The server's log (kept until cleanup). */
  readonly logFile: string;
  /** Starts it again on the same data dir and port. */
  start(): Promise<void>;
  /** A clean (fast) shutdown: sessions are ended, a checkpoint written. */
  stop(): Promise<void>;
  /** An immediate shutdown (no checkpoint: the next start recovers from the WAL, as after a crash), then a start. */
  restartImmediate(): Promise<void>;
  /** Stops it if running and removes its directory; safe to call twice. */
  cleanup(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

export async function startPostgresServer(): Promise<PostgresServer> {
  const bins = postgresBinaries();
  const base = ownedTempDir();
  register(base, bins);
  const dataDir = join(base, 'data');
  const logFile = join(base, 'server.log');
  const password = randomBytes(18).toString('base64url');
  let port = 0;
  let postmaster: ChildProcess | undefined;
  const start = async () => {
    if (postmaster) throw new Error('the server is running already');
    postmaster = await startPostmaster(bins, base, dataDir, logFile);
  };
  const stop = async (signal: 'SIGINT' | 'SIGQUIT') => {
    const child = postmaster;
    postmaster = undefined;
    if (child) await stopPostmaster(child, signal);
  };
  const cleanup = async () => {
    await stop('SIGINT').catch(() => {});
    release(base);
  };
  try {
    if (bins.user) chownSync(base, bins.user.uid, bins.user.gid);
    await initCluster(bins, base, dataDir, password);
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      // Later lines override earlier ones. fsync off is safe for tests: a killed or immediately
      // stopped server still loses nothing committed; only an OS crash would.
      appendFileSync(
        join(dataDir, 'postgresql.conf'),
        `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nfsync = off\nmax_connections = 200\n`,
      );
      try {
        await start();
        break;
      } catch (error) {
        if (attempt === 3 || !logTail(logFile).includes('Address already in use')) throw error;
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    port,
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir,
    logFile,
    start,
    stop: () => stop('SIGINT'),
    restartImmediate: async () => {
      await stop('SIGQUIT');
      await start();
    },
    cleanup,
  };
}

async function initCluster(bins: PostgresBinaries, base: string, dataDir: string, password: string): Promise<void> {
  const pwfile = join(base, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (bins.user) chownSync(pwfile, bins.user.uid, bins.user.gid);
  const flags = ['--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-sync', '--no-instructions'];
  try {
    await new Promise<void>((resolve, reject) => {
      const options = { cwd: base, timeout: 120_000, env: { ...process.env, LC_ALL: 'C' }, ...bins.user };
      execFile(bins.initdb, ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwfile}`, ...flags], options, (error, _stdout, stderr) =>
        error ? reject(new Error(`initdb failed: ${String(stderr).trim() || error.message}`)) : resolve(),
      );
    });
  } finally {
    unlinkSync(pwfile);
  }
}

/** Spawns the postmaster and resolves once its pid file says it accepts connections. */
async function startPostmaster(bins: PostgresBinaries, base: string, dataDir: string, logFile: string): Promise<ChildProcess> {
  const log = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(bins.postgres, ['-D', dataDir], { cwd: base, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' }, ...bins.user });
  } finally {
    closeSync(log);
  }
  child.unref();
  let failure: Error | undefined;
  child.once('error', (error) => {
    failure = error;
  });
  child.once('exit', (code, signal) => {
    failure ??= new Error(`PostgreSQL exited (${signal ?? `code ${code}`}) while starting:\n${logTail(logFile)}`);
  });
  for (const deadline = Date.now() + START_TIMEOUT_MS; Date.now() < deadline; await sleep(20)) {
    if (failure) throw failure;
    const lines = existsSync(join(dataDir, 'postmaster.pid')) ? readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n') : [];
    if (lines[0] === String(child.pid) && lines[7]?.trim() === 'ready') return child;
  }
  await stopPostmaster(child, 'SIGQUIT');
  throw new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s:\n${logTail(logFile)}`);
}

async function stopPostmaster(child: ChildProcess, signal: 'SIGINT' | 'SIGQUIT'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref(); // this process stays up until the server has gone
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function logTail(logFile: string): string {
  if (!existsSync(logFile)) return '';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-12).join('\n');
}
