/**
 * One watch of the store shared by every open page: each change is sent to all of them as a
 * Server-Sent Event, so ten tabs cost one watcher (and, on a database, one LISTEN connection).
 */
import type { ServerResponse } from 'node:http';
import { watchChanges } from '../../features/watch/watch-changes.js';
import type { FileStore } from '../../store/file/file-store.js';
import type { PgStore } from '../../store/postgres/pg-store.js';
import { SECURITY_HEADERS } from './headers.js';

/** Comments keep idle connections (and any proxy between) from timing out. */
const HEARTBEAT_MS = 15_000;

export class ChangeHub {
  private readonly pages = new Set<ServerResponse>();
  private readonly stop = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;
  /** Settles when the watch ends (the hub closed, or the watch failed: then the error is kept). */
  readonly done: Promise<void>;

  constructor(store: FileStore | PgStore, onError: (error: unknown) => void) {
    this.heartbeat = setInterval(() => this.send(': ping\n\n'), HEARTBEAT_MS).unref();
    this.done = (async () => {
      try {
        for await (const change of watchChanges(store, { signal: this.stop.signal })) this.send(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
      } catch (error) {
        if (!this.stop.signal.aborted) onError(error);
      }
    })();
  }

  /** Keeps the response open as an event stream until the page goes or the hub closes. */
  subscribe(res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write('retry: 1000\nevent: ready\ndata: {}\n\n');
    this.pages.add(res);
    res.on('close', () => this.pages.delete(res));
  }

  private send(text: string): void {
    for (const page of this.pages) page.write(text);
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.stop.abort();
    for (const page of this.pages) page.end();
    this.pages.clear();
    await this.done;
  }
}
