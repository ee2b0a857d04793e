/**
 * The board's HTTP API: what each route returns, shared by the server and the web app (type-only).
 * Every route lives under `/<token>/api/`; reads are GET, actions POST a JSON body named as the MCP
 * tools' arguments, and an error is `{ ok: false, error }` with the CLI's message and hint.
 */
import type { ErrorPayload } from '../../core/errors.js';
import type { ArtifactEntry, Assumption, Checkpoint, Decision, Learning, Run, Track } from '../../core/schema.js';
import type { Priority, TrackStatus, TrackType } from '../../core/vocab.js';
import type { LaneView } from '../../features/lanes/lanes.js';
import type { StatsReport } from '../../features/stats/figures.js';
import type { StoreChange } from '../../store/changes.js';

export type BoardColumn = 'draft' | 'ready' | 'blocked' | 'active' | 'paused' | 'done';

/** One card of the board: a track's summary with what the card shows. */
export interface BoardCard {
  track_id: string;
  name: string;
  type: TrackType;
  priority: Priority;
  status: TrackStatus;
  column: BoardColumn;
  /** The lane holding it while active (or that paused it); null for a track no lane holds. */
  lane: string | null;
  /** The branch checked out in its lane's worktree, when active. */
  branch: string | null;
  tags: string[];
  /** Null for a closed track (the board reads closed tracks from the registry alone). */
  progress: { completed_steps: number; total_steps: number; percentage: number } | null;
  current_step: { step_id: string; name: string; status: string } | null;
  /** Prerequisite tracks not completed yet (a draft or ready track with any is in the Blocked column). */
  blocked_by: string[];
  parent_track_id: string | null;
  updated_at: string;
}

/** `GET api/board` */
export interface BoardView {
  /** The lane this server acts in (its `switch` moves this lane's pointer). */
  lane: string;
  /** Where the store is: the tracks root, or the project in a database. */
  store: string;
  tracks: BoardCard[];
  lanes: LaneView[];
}

/** A checkpoint's entry in the track's timeline (the snapshot itself is not sent). */
export interface CheckpointEntry {
  checkpoint_id: string;
  kind: Checkpoint['kind'];
  reason: string | null;
  created_at: string;
  /** The track's status and progress when it was taken. */
  status: TrackStatus;
  percentage: number;
  /** False when its checksum no longer matches its content (restore refuses it). */
  intact: boolean;
}

/** `GET api/tracks/<id>` */
export interface TrackView {
  track: Track;
  blocked_by: string[];
  /** The longest chain of unfinished steps through the plan (by estimated minutes, else one per step), first to last. */
  critical_path: string[];
  checkpoints: CheckpointEntry[];
  runs: Run[];
  decisions: Decision[];
  assumptions: Assumption[];
  learnings: Learning[];
  artifacts: ArtifactEntry[];
}

/** One difference between two checkpoints: a field of the track, a step, or a context item. */
export interface CheckpointChange {
  /** e.g. `status`, `step step-002`, `decision dec-001`, `artifact notes.md`. */
  what: string;
  before: string | null;
  after: string | null;
}

/** `GET api/tracks/<id>/checkpoints/<from>/diff/<to>` */
export interface CheckpointDiff {
  from: string;
  to: string;
  changes: CheckpointChange[];
}

/** `GET api/tracks/<id>/runs/<run>/logs/<stream>`: the end of a run's log. */
export interface RunLogView {
  run_id: string;
  stream: string;
  text: string;
  bytes: number;
  truncated: boolean;
}

/** `GET api/lanes` */
export interface LanesView {
  lanes: Array<LaneView & { stale: 'gone' | 'idle' | null }>;
  /** A lane idle for longer than this is stale (TRACK_STALE_AFTER, default 24 h). */
  stale_after_ms: number;
}

/** `GET api/stats` */
export type StatsView = StatsReport;

/** What every action takes, by action (`POST api/actions/<name>`); the names are the MCP tools'. */
export interface ActionInputs {
  activate: { track_id: string; reason?: string; force?: boolean; take_over?: boolean };
  switch: { to: string; reason?: string; force?: boolean; take_over?: boolean };
  pause: { track_id: string; reason?: string };
  resume: { track_id: string; reason?: string };
  complete: { track_id: string; reason?: string; force?: boolean };
  step_approve: { track_id: string; step_id: string; agent?: string; notes?: string };
  decide: { track_id: string; title: string; rationale?: string };
  checkpoint: { track_id: string; reason?: string };
  restore: { track_id: string; checkpoint_id: string };
}
export type ActionName = keyof ActionInputs;

/** Any refused request: the same code, message and hint (a `track` command line) as the CLI's. */
export interface ApiError {
  ok: false;
  error: ErrorPayload & { exit_code: number };
}

/** `GET api/events` (Server-Sent Events): `event: change` with a StoreChange, `event: ready` once connected. */
export type ChangeEvent = StoreChange;
