import { constants } from 'node:os';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { VERSION } from '../../../core/version.js';
import type { StorePort } from '../../../store/port.js';
import { PgStore } from '../../../store/postgres/pg-store.js';
import type { Seat } from '../../mcp/seat.js';
import { createTrackServer } from '../../mcp/server.js';
import { toolsFor } from '../../mcp/tools.js';
import { flag, type GlobalOptions, type Invocation } from '../command.js';
import type { Output } from '../output.js';
import { openStoreAt } from './open-store.js';

export const ALL_TOOLS_ENV = 'TRACK_MCP_TOOLS';

/**
 * The store of each tool call, a database store shared by every call with the same database, project
 * and lane: a store of its own per call would open a connection pool per call, and a busy session
 * would hold a connection for each call of the last second (the pools' idle time), enough to exhaust
 * the server's connections. Idle pools let the process exit.
 */
function sharedDatabaseStores(global: GlobalOptions): (seat: Seat | undefined) => StorePort {
  const databases = new Map<string, PgStore>();
  return (seat) => {
    const store = openStoreAt(global, seat);
    if (!(store instanceof PgStore)) return store;
    const key = JSON.stringify([store.target, store.lane]);
    const known = databases.get(key);
    if (known) return known;
    databases.set(key, store);
    return store;
  };
}

/** Signals that ask the server to exit (a host closing it, a closed terminal, Ctrl-C). */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];

/**
 * Serves MCP on stdin/stdout until the client closes stdin or a stop signal arrives. Nothing but
 * protocol reaches stdout. A command step still running is never left behind unrecorded: after
 * stdin closes its call goes on, and a stop signal stops it (as a forwarded signal would) and
 * records the step interrupted before the process exits; a second signal exits at once.
 */
export async function mcp(inv: Invocation): Promise<Output> {
  const all = flag(inv, 'all-tools') || process.env[ALL_TOOLS_ENV] === 'all';
  const stop = new AbortController();
  const handle = serveStdio(
    () =>
      createTrackServer({
        name: 'track-manager',
        version: VERSION,
        tools: toolsFor(all),
        openStore: sharedDatabaseStores(inv.global),
        stop: stop.signal,
      }),
    { onerror: (error) => process.stderr.write(`track mcp: ${error.message}\n`) },
  );
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    // Installed for the life of the process: a signal after stdin closed still stops the calls still running.
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop.signal.aborted) process.exit(128 + constants.signals[signal]);
      stop.abort(signal);
      resolve();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  });
  await handle.close();
  // Let go of stdin, so the process ends as soon as the calls still running have recorded their steps.
  process.stdin.destroy();
  return { json: null, human: [] };
}
