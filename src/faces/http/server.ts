/**
 * The board's HTTP server (`track ui`): the web app's files, the JSON API over the use cases and
 * the stream of changes, all behind the access token and the Host/Origin checks.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '../../core/errors.js';
import type { FileStore } from '../../store/file/file-store.js';
import type { PgStore } from '../../store/postgres/pg-store.js';
import { runAction } from './actions.js';
import { type Asset, loadAssets } from './assets.js';
import { ChangeHub } from './change-hub.js';
import { type GuardConfig, pathAfterToken, refusalOf } from './guard.js';
import { SECURITY_HEADERS } from './headers.js';
import { sendError, sendJson, sendRefusal } from './respond.js';
import { type RouteContext, readFor } from './routes.js';

/** An action's body is a few fields; anything larger is refused without being kept. */
const MAX_BODY_BYTES = 256 * 1024;

export interface BoardOptions {
  store: FileStore | PgStore;
  /** The address to listen on, the host names the server answers to in `Host`, and the one its URL names. */
  host: string;
  hosts: ReadonlySet<string>;
  urlHost: string;
  /** 0: any free port. */
  port: number;
  assetsDir: string;
  lane: string;
  where: string;
  staleAfterMs: number;
  /** Called once if the change stream fails for good (the pages stop updating live). */
  onWatchError(error: unknown): void;
}

export interface BoardServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The body as JSON; one over the limit is read to its end without being kept, then refused (so the answer reaches the client). */
function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new ValidationError(`the request body is over ${MAX_BODY_BYTES / 1024} KB`));
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? {} : JSON.parse(text));
      } catch {
        reject(new ValidationError('the request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function sendAsset(res: ServerResponse, asset: Asset, head: boolean): void {
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'content-length': asset.bytes.length });
  res.end(head ? undefined : asset.bytes);
}

async function api(req: IncomingMessage, res: ServerResponse, path: string, ctx: RouteContext, hub: ChangeHub): Promise<void> {
  if (req.method === 'GET' && path === '/events') return hub.subscribe(res);
  if (req.method === 'GET') {
    const route = readFor(path);
    if (!route) return sendRefusal(res, 404, 'NOT_FOUND', `no API route GET ${path.slice(0, 80)}`);
    return sendJson(res, 200, await route.read(ctx, route.params));
  }
  const action = /^\/actions\/([^/]+)$/.exec(path)?.[1];
  if (req.method !== 'POST' || action === undefined) return sendRefusal(res, 405, 'VALIDATION', `${req.method} ${path.slice(0, 80)} is not an API route`);
  // A JSON body cannot be sent cross-origin without a preflight, which this server never answers.
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    return sendRefusal(res, 415, 'VALIDATION', 'actions take a JSON body (content-type: application/json)');
  }
  return sendJson(res, 200, await runAction(ctx.store, action, await readBody(req)));
}

/** Starts serving; resolves once listening. */
export async function startBoard(options: BoardOptions): Promise<BoardServer> {
  const assets = loadAssets(options.assetsDir);
  const token = randomBytes(24).toString('base64url');
  const ctx: RouteContext = { store: options.store, lane: options.lane, where: options.where, staleAfterMs: options.staleAfterMs };
  // Port 0 until listening: no request passes the guard before the change hub exists.
  const guard: GuardConfig = { token, port: 0, hosts: options.hosts };
  let hub: ChangeHub | undefined;

  const server = createServer((req, res) => {
    const refused = refusalOf(req, guard);
    if (refused) return sendRefusal(res, refused.status, 'PERMISSION', refused.message);
    const path = pathAfterToken(req.url ?? '/', token) as string;
    if (path === '/' && req.url?.split('?')[0] === `/${token}`) {
      res.writeHead(308, { ...SECURITY_HEADERS, location: `/${token}/` });
      return res.end();
    }
    if (path.startsWith('/api/')) {
      api(req, res, path.slice(4), ctx, hub as ChangeHub).catch((error) => (res.headersSent ? res.destroy() : sendError(res, error)));
      return;
    }
    const asset = assets.get(path);
    if (!asset) return sendRefusal(res, 404, 'NOT_FOUND', `no page ${path.slice(0, 80)}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendRefusal(res, 405, 'VALIDATION', `${req.method} is not allowed here`);
    sendAsset(res, asset, req.method === 'HEAD');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hub = new ChangeHub(options.store, options.onWatchError);
  guard.port = port;
  return {
    url: `http://${options.urlHost}:${port}/${token}/`,
    port,
    async close() {
      await hub?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
