import { fileURLToPath } from 'node:url';
import { TrackError, ValidationError } from '../../../core/errors.js';
import { staleAfterFrom } from '../../../features/doctor/stale-lanes.js';
import { PgStore } from '../../../store/postgres/pg-store.js';
import { hostNames, isLoopback } from '../../http/hosts.js';
import { startBoard } from '../../http/server.js';
import { flag, type Invocation, str } from '../command.js';
import { openBrowser } from '../open-browser.js';
import type { Output } from '../output.js';
import { stopOnSignals } from '../stop-signals.js';
import { storeWhere } from '../store-where.js';
import { writeFd } from '../terminal.js';
import { openStore } from './open-store.js';

function portOf(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65_535)
    throw new ValidationError(`invalid port '${value.slice(0, 20)}': 0 to 65535`, 'track ui --port 0 (any free port)');
  return port;
}

/** Listening failures in the user's terms. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ValidationError(`port ${port} is in use`, 'track ui --port 0 (any free port)');
  if (code === 'EACCES') return new TrackError('PERMISSION', `not allowed to listen on port ${port}`, 'track ui --port 0 (any free port)');
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ValidationError(`cannot listen on '${host.slice(0, 60)}': not an address of this machine`, 'track ui --host 127.0.0.1');
  }
  return error;
}

/** Serves the board until a stop signal; the first line on stdout is its URL. */
export async function ui(inv: Invocation, binUrl: string): Promise<Output> {
  const host = str(inv, 'host') ?? '127.0.0.1';
  const port = portOf(str(inv, 'port'));
  const staleAfterMs = staleAfterFrom(undefined);
  const store = openStore(inv.global);
  const stop = stopOnSignals();
  try {
    const lane = await store.read(async (reader) => {
      await reader.head();
      return reader.lane.id;
    });
    const where = storeWhere(store);
    const names = hostNames(host);
    const board = await startBoard({
      store,
      host,
      hosts: names.allowed,
      urlHost: names.shown,
      port,
      assetsDir: fileURLToPath(new URL('../web/', binUrl)),
      lane,
      where,
      staleAfterMs,
      onWatchError: (error) => writeFd(2, `track ui: live updates stopped: ${error instanceof Error ? error.message : String(error)}\n`),
    }).catch((error: unknown) => {
      throw listenError(error, host, port);
    });
    writeFd(1, `${inv.global.json ? JSON.stringify({ url: board.url }) : board.url}\n`);
    if (!isLoopback(host)) {
      writeFd(2, `track ui: warning: listening on ${host}, reachable from other machines: anyone who has the URL can read and change these tracks\n`);
    }
    const opened = !flag(inv, 'no-open') && openBrowser(board.url);
    writeFd(2, `track ui: serving ${where} in lane ${lane}${opened ? '' : '; open the URL above in a browser'} (Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    await board.close();
  } finally {
    stop.release();
    if (store instanceof PgStore) await store.close();
  }
  return { json: null, human: [], streamed: true };
}
