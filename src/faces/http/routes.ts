/** The board's API routes: each maps a path onto one use case and returns its result as JSON. */
import { ValidationError } from '../../core/errors.js';
import { boardOf } from '../../features/board/board.js';
import { lanesPage } from '../../features/board/lanes-page.js';
import { trackPage } from '../../features/board/track-page.js';
import { diffCheckpoints } from '../../features/checkpoints/checkpoint-diff.js';
import { LOG_STREAMS, type LogStream, MAX_LOG_BYTES, runLogs } from '../../features/plan/run-logs.js';
import { trackStats } from '../../features/stats/stats.js';
import type { StorePort } from '../../store/port.js';
import type { BoardView, RunLogView } from './api.js';

export interface RouteContext {
  store: StorePort;
  /** The lane the server acts in and where its store is, as the board's header shows them. */
  lane: string;
  where: string;
  staleAfterMs: number;
}

type Read = (ctx: RouteContext, params: string[]) => Promise<unknown>;

const ID = '([^/]+)';

/** A path segment as sent, decoded; a malformed escape is the caller's mistake. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ValidationError(`malformed path segment '${segment.slice(0, 40)}'`);
  }
}

async function logOf(ctx: RouteContext, [track_id, run_id, name]: string[]): Promise<RunLogView> {
  const stream = (name as string).replace(/\.log$/, '') as LogStream;
  if (!LOG_STREAMS.includes(stream)) throw new ValidationError(`no log '${(name as string).slice(0, 40)}': stdout or stderr`);
  const logs = await runLogs(ctx.store, { track_id, run_id, stream, max_bytes: MAX_LOG_BYTES });
  const tail = logs.logs[stream];
  return { run_id: logs.run_id, stream, text: tail?.text ?? '', bytes: tail?.bytes ?? 0, truncated: tail?.truncated ?? false };
}

/** GET routes, by a pattern over the path after `/<token>/api`. */
const READS: Array<[RegExp, Read]> = [
  [/^\/board$/, async (ctx): Promise<BoardView> => ({ ...(await boardOf(ctx.store)), lane: ctx.lane, store: ctx.where })],
  [new RegExp(`^/tracks/${ID}$`), (ctx, [track_id]) => trackPage(ctx.store, { track_id })],
  [
    new RegExp(`^/tracks/${ID}/checkpoints/${ID}/diff/${ID}$`),
    (ctx, [track_id, from, to]) => diffCheckpoints(ctx.store, { track_id, from: from as string, to: to as string }),
  ],
  [new RegExp(`^/tracks/${ID}/runs/${ID}/logs/${ID}$`), logOf],
  [/^\/lanes$/, (ctx) => lanesPage(ctx.store, ctx.staleAfterMs)],
  [/^\/stats$/, (ctx) => trackStats(ctx.store)],
];

/** The read a GET path names, with its decoded parameters; null when none does. */
export function readFor(path: string): { read: Read; params: string[] } | null {
  for (const [pattern, read] of READS) {
    const match = pattern.exec(path);
    if (match) return { read, params: match.slice(1).map(decoded) };
  }
  return null;
}
