/**
 * The board's HTTP API: what each route returns, shared by the server and the web app (type-only).
 * Every route lives under `/<token>/api/`; reads are GET, actions POST a JSON body named as the MCP
 * tools' arguments, and an error is `{ ok: false, error }` with the CLI's code, message and hint.
 */
import type { ErrorPayload } from '../../core/errors.js';
import type { Board } from '../../features/board/board.js';
import type { LanesPage } from '../../features/board/lanes-page.js';
import type { TrackPage } from '../../features/board/track-page.js';
import type { StatsReport } from '../../features/stats/figures.js';
import type { StoreChange } from '../../store/changes.js';

export type { BoardCard, BoardColumn } from '../../features/board/board.js';
export type { CheckpointEntry } from '../../features/board/track-page.js';
export type { CheckpointChange, CheckpointDiff } from '../../features/checkpoints/checkpoint-diff.js';

/** `GET api/board` */
export interface BoardView extends Board {
  /** The lane this server acts in (its `switch` moves this lane's pointer). */
  lane: string;
  /** Where the store is: the tracks root, or the project in a database. */
  store: string;
}

/** `GET api/tracks/<id>` */
export type TrackView = TrackPage;

/** `GET api/tracks/<id>/runs/<run>/logs/<stream>`: the end of a run's log (`stream` is one of the run's `logs`). */
export interface RunLogView {
  run_id: string;
  stream: string;
  text: string;
  bytes: number;
  truncated: boolean;
}

/** `GET api/lanes` */
export type LanesView = LanesPage;

/** `GET api/stats` */
export type StatsView = StatsReport;

/**
 * What every action takes (`POST api/actions/<name>`): the names and arguments are the MCP tools',
 * and, as there, `track_id` defaults to the track active in the server's lane.
 */
export interface ActionInputs {
  activate: { track_id?: string; reason?: string; force?: boolean; take_over?: boolean };
  switch: { to: string; reason?: string; force?: boolean; take_over?: boolean };
  pause: { track_id?: string; reason?: string };
  resume: { track_id?: string; reason?: string };
  complete: { track_id?: string; reason?: string; force?: boolean };
  step_approve: { track_id?: string; step_id: string; agent?: string; notes?: string; outputs?: Record<string, string> };
  decide: { track_id?: string; title: string; rationale?: string; alternatives?: string[]; supersedes?: string };
  checkpoint: { track_id?: string; reason?: string };
  restore: { track_id?: string; checkpoint_id: string };
}
export type ActionName = keyof ActionInputs;

/** Any refused request: the CLI's error payload (its hint a `track …` command line) and exit code. */
export interface ApiError {
  ok: false;
  error: ErrorPayload & { exit_code: number };
}

/** `GET api/events` (Server-Sent Events): `event: ready` once connected, then `event: change` with each StoreChange. */
export type ChangeEvent = StoreChange;
