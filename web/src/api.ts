/** The board's HTTP client: every path is relative to the page, which the server serves at `/<token>/`. */

import type { ActionInputs, ActionName, ApiError, BoardView, CheckpointDiff, LanesView, RunLogView, StatsView, TrackView } from '../../src/faces/http/api.js';
import { markExpired } from './live.js';

/** A refused request, with the CLI's message and hint (a `track …` command line). */
export class ApiFailure extends Error {
  readonly code: string;
  readonly hint: string | null;
  readonly status: number;

  constructor(message: string, code: string, hint: string | null, status: number) {
    super(message);
    this.code = code;
    this.hint = hint;
    this.status = status;
  }
}

/** What a page from an earlier `track ui` run says: the server now has another token, and only its URL works. */
export const EXPIRED = 'This page belongs to an earlier run of track ui (its access token is no longer valid): open the URL track ui printed.';

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { cache: 'no-store', credentials: 'same-origin', ...init });
  } catch {
    throw new ApiFailure('The board server cannot be reached.', 'NETWORK', 'track ui', 0);
  }
  if (response.status === 401) {
    markExpired();
    throw new ApiFailure(EXPIRED, 'EXPIRED', null, 401);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isApiError(body)) throw new ApiFailure(body.error.message, body.error.code, body.error.hint, response.status);
    throw new ApiFailure(`The server answered ${response.status} ${response.statusText}.`, 'HTTP', null, response.status);
  }
  return body as T;
}

const seg = encodeURIComponent;

export const api = {
  board: () => request<BoardView>('./api/board'),
  track: (id: string) => request<TrackView>(`./api/tracks/${seg(id)}`),
  diff: (id: string, from: string, to: string) => request<CheckpointDiff>(`./api/tracks/${seg(id)}/checkpoints/${seg(from)}/diff/${seg(to)}`),
  log: (id: string, run: string, stream: string) => request<RunLogView>(`./api/tracks/${seg(id)}/runs/${seg(run)}/logs/${seg(stream)}`),
  lanes: () => request<LanesView>('./api/lanes'),
  stats: () => request<StatsView>('./api/stats'),
  action: <N extends ActionName>(name: N, input: ActionInputs[N]) =>
    request<unknown>(`./api/actions/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    }),
};

/** Any thrown value as an ApiFailure, so an alert can always show a message. */
export function asFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  return new ApiFailure(error instanceof Error ? error.message : String(error), 'UNKNOWN', null, 0);
}
