/** A running `track ui`, and raw HTTP requests to it (any Host, Origin or method, as an attacker's page could send). */
import { request as httpRequest } from 'node:http';
import { type RunningWatch, startTrack } from './watch.js';

export interface RunningBoard {
  /** `http://127.0.0.1:<port>/<token>/` */
  url: string;
  port: number;
  token: string;
  process: RunningWatch;
  /** SIGINT (Ctrl-C), resolving with the exit code. */
  stop(): Promise<number | null>;
}

export async function startBoardProcess(cwd: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<RunningBoard> {
  const process = startTrack(['ui', '--no-open', '--json', ...args], { cwd, env });
  const first = await process.line(() => true, 20_000);
  const url = (JSON.parse(first.text) as { url: string }).url;
  const match = /^http:\/\/127\.0\.0\.1:(\d+)\/([^/]+)\/$/.exec(url);
  if (!match) throw new Error(`unexpected URL ${url}`);
  return { url, port: Number(match[1]), token: match[2] as string, process, stop: () => process.stop('SIGINT') };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** One request to 127.0.0.1:`port`, headers exactly as given (Host too, unless left out). */
export function rawRequest(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, setHost: !options.headers?.host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A same-origin request to the board's API, as its own page sends it. */
export function api(board: RunningBoard, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json', origin: `http://127.0.0.1:${board.port}` };
  return rawRequest(board.port, `/${board.token}/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The board's event stream, read event by event. */
export async function openEvents(board: RunningBoard): Promise<{ next(event: string, test?: (data: string) => boolean): Promise<string>; close(): void }> {
  const received: Array<{ event: string; data: string }> = [];
  let buffer = '';
  const req = httpRequest({ host: '127.0.0.1', port: board.port, path: `/${board.token}/api/events` }, (res) => {
    res.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) received.push({ event, data });
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    async next(event, test = () => true) {
      const end = Date.now() + 10_000;
      for (;;) {
        const found = received.findIndex((e) => e.event === event && test(e.data));
        if (found >= 0) return (received.splice(0, found + 1).at(-1) as { data: string }).data;
        if (Date.now() > end) throw new Error(`no '${event}' event in 10 s (got ${JSON.stringify(received)})`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => req.destroy(),
  };
}
