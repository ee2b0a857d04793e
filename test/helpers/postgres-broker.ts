/**
 * The shared test server, started on first demand. The vitest main process owns it (so it lives
 * for the whole run whichever worker asked first); a worker asks by creating `request` in the
 * broker dir, and the main process answers with `ready.json` (the admin URL) or `failed.txt`.
 */
import { existsSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ownedTempDir } from './postgres-orphans.js';
import { type PostgresServer, startPostgresServer } from './postgres-server.js';

const REQUEST = 'request';
const READY = 'ready.json';
const FAILED = 'failed.txt';

export interface Broker {
  dir: string;
  close(): Promise<void>;
}

/** Main process: a broker dir, and a server started the first time a worker asks for one. */
export function openBroker(): Broker {
  const dir = ownedTempDir();
  let server: Promise<PostgresServer> | undefined;
  const serve = () => {
    if (server || !existsSync(join(dir, REQUEST))) return;
    server = startPostgresServer();
    server.then(
      (started) => publish(dir, READY, JSON.stringify({ url: started.adminUrl })),
      (error: Error) => publish(dir, FAILED, error.message),
    );
  };
  const watcher = watch(dir, serve);
  watcher.unref();
  const fallback = setInterval(serve, 250); // for file systems whose change events do not arrive
  fallback.unref();
  serve();
  return {
    dir,
    close: async () => {
      watcher.close();
      clearInterval(fallback);
      const started = await server?.catch(() => undefined);
      await started?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function publish(dir: string, name: string, text: string): void {
  if (!existsSync(dir)) return;
  writeFileSync(join(dir, `${name}.tmp`), text, { mode: 0o600 });
  renameSync(join(dir, `${name}.tmp`), join(dir, name));
}

/** Worker: the shared server's admin URL, asking the main process to start it if nobody has. */
export async function requestServer(dir: string, timeoutMs = 120_000): Promise<string> {
  if (!existsSync(join(dir, REQUEST))) writeFileSync(join(dir, REQUEST), String(process.pid));
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
    const ready = readIfPresent(join(dir, READY));
    if (ready !== undefined) return (JSON.parse(ready) as { url: string }).url;
    const failed = readIfPresent(join(dir, FAILED));
    if (failed !== undefined) throw new Error(failed);
    if (!existsSync(dir)) throw new Error(`the test run's PostgreSQL broker dir ${dir} is gone`);
  }
  throw new Error(`the shared PostgreSQL server did not start within ${timeoutMs / 1000} s`);
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
