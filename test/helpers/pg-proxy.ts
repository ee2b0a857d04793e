/**
 * A TCP proxy in front of a PostgreSQL server that can lose the connection at the worst moment: a
 * write transaction's COMMIT (the one after the store records its operation in track_commits),
 * either before the server gets it (the transaction rolls back) or after the server committed
 * and answered, its answer never delivered (the client cannot tell which happened).
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export type CommitCut = 'before-commit' | 'after-commit';

export interface PgProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Cuts the next `times` write COMMITs in this way; `thenRefuse`: after a cut, refuses new connections (see `refuse`). */
  cutCommits(mode: CommitCut, times?: number, thenRefuse?: boolean): void;
  /** While on, every new connection is closed at once (the server unreachable). */
  refuse(on: boolean): void;
  /** COMMITs cut so far. */
  readonly cut: number;
  close(): Promise<void>;
}

/** A proxy to the server `url` names. */
export async function startPgProxy(url: string): Promise<PgProxy> {
  const target = new URL(url);
  let mode: CommitCut = 'after-commit';
  let remaining = 0;
  let cut = 0;
  let refusing = false;
  let refuseAfterCut = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (refusing) {
      client.on('error', () => {});
      client.destroy();
      return;
    }
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname || 'localhost');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    let pending = Buffer.alloc(0);
    let started = false;
    let armed = false;
    let swallowing = false;
    upstream.on('data', (chunk) => {
      if (swallowing) {
        // The server answered the COMMIT: it committed. The client never hears it.
        drop();
        return;
      }
      client.write(chunk);
    });
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const header = started ? 5 : 4;
        if (pending.length < header) return;
        const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
        if (pending.length < length) return;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const type = started ? String.fromCharCode(message[0] as number) : '';
        started = true;
        const text = type === 'Q' || type === 'P' ? message.subarray(5).toString('utf8') : '';
        if (text.includes('INSERT INTO track_commits')) armed = true;
        if (armed && type === 'Q' && text.startsWith('COMMIT\0') && remaining > 0) {
          remaining--;
          cut++;
          refusing ||= refuseAfterCut;
          if (mode === 'before-commit') return drop();
          swallowing = true;
        } else if (type === 'Q' && /^(COMMIT|ROLLBACK)\0/.test(text)) armed = false;
        upstream.write(message);
      }
    });
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    via: (url) => {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cutCommits: (how, times = 1, thenRefuse = false) => {
      mode = how;
      remaining = times;
      refuseAfterCut = thenRefuse;
    },
    refuse: (on) => {
      refusing = on;
    },
    get cut() {
      return cut;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
