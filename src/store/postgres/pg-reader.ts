/** Reads of one project's tracks over one database connection, inside a transaction the store opened. */
import type { PoolClient } from 'pg';
import { ChecksumMismatchError, CorruptStoreError, TrackError, TrackNotFoundError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { hint, run } from '../../core/hint.js';
import { parseJsonText, validateDocument } from '../../core/json.js';
import { DEFAULT_LANE, type Lane } from '../../core/lanes.js';
import { emptyRegistry, emptySegment, segmentPut } from '../../core/registry-index.js';
import {
  CHECKPOINT_ID,
  type Checkpoint,
  type CommandExit,
  type CommandProcess,
  checkpointSchema,
  type Head,
  type LaneRecord,
  type Registry,
  type RegistrySegment,
  RUN_ID,
  type Run,
  runSchema,
  type Track,
  type TrackSummary,
  trackSchema,
} from '../../core/schema.js';
import { sortNumbered } from '../../core/sequence-names.js';
import { DocumentReader } from '../file/documents.js';
import { readLogTail, tailOf } from '../file/run-logs.js';
import { readCommandExit, readCommandProcess } from '../file/runs.js';
import { DiskSource } from '../file/source.js';
import type { LaneState, LogTail, StoreReader, TrackFile } from '../port.js';
import { localRunFiles } from './local-runs.js';

/** Where the project's rows are: the connection (in a transaction), the project id, and this machine's run outputs. */
export interface PgScope {
  client: PoolClient;
  project: string;
  /** The directory on this machine where running commands write their logs (see RunOutput). */
  localRoot: string;
  /** The project folder in the main checkout: the default lane's worktree. */
  mainDir: string;
}

interface ProjectRow {
  generation: string;
  next_sequence: number;
  updated_at: string;
}

interface LaneRow {
  lane: string;
  active_track_id: string | null;
  worktree: string | null;
  last_activity: string | null;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class PgReader implements StoreReader {
  readonly lanesOnThisMachine = false;
  constructor(
    protected readonly scope: PgScope,
    readonly lane: Lane,
  ) {}

  protected async rows<R>(sql: string, values: readonly unknown[]): Promise<R[]> {
    const result = await this.scope.client.query(sql, [this.scope.project, ...values]);
    return result.rows as R[];
  }

  protected async project(): Promise<ProjectRow> {
    const [row] = await this.rows<ProjectRow>('SELECT generation, next_sequence, updated_at FROM track_projects WHERE project = $1', []);
    if (!row) {
      throw new TrackError(
        'ROOT_NOT_FOUND',
        `the database has no tracks of project '${this.scope.project}'`,
        hint`${run('init', { store: 'postgres' })} in the project`,
        {
          project: this.scope.project,
        },
      );
    }
    return row;
  }

  private localReader(): DocumentReader {
    return new DocumentReader(new DiskSource(this.scope.localRoot), this.scope.mainDir);
  }

  async trustedCommands(): Promise<ReadonlySet<string> | null> {
    return null;
  }

  async head(): Promise<Head> {
    const project = await this.project();
    const [pointer] = await this.rows<LaneRow>('SELECT active_track_id FROM track_lanes WHERE project = $1 AND lane = $2', [this.lane.id]);
    return { format: 'track-head/1', generation: Number(project.generation), active_track_id: pointer?.active_track_id ?? null };
  }

  private async laneRows(): Promise<LaneRow[]> {
    return this.rows<LaneRow>('SELECT lane, active_track_id, worktree, last_activity FROM track_lanes WHERE project = $1', []);
  }

  async lanes(): Promise<LaneState[]> {
    const rows = await this.laneRows();
    const main = rows.find((r) => r.lane === DEFAULT_LANE);
    const others = rows.filter((r) => r.lane !== DEFAULT_LANE && (r.active_track_id !== null || r.last_activity !== null)).sort((a, b) => byId(a.lane, b.lane));
    return [
      { lane: DEFAULT_LANE, active_track_id: main?.active_track_id ?? null, worktree: this.scope.mainDir, last_activity: null },
      ...others.map((r) => ({ lane: r.lane, active_track_id: r.active_track_id, worktree: r.worktree, last_activity: r.last_activity })),
    ];
  }

  private async summaries(closed: boolean): Promise<TrackSummary[]> {
    const rows = await this.rows<{ summary: string }>('SELECT summary FROM track_tracks WHERE project = $1 AND closed = $2 ORDER BY created_at, track_id', [
      closed,
    ]);
    return rows.map((r) => JSON.parse(r.summary) as TrackSummary);
  }

  async openTracks(): Promise<Registry> {
    const project = await this.project();
    const registry = emptyRegistry(project.updated_at);
    registry.generation = Number(project.generation);
    registry.next_sequence = project.next_sequence;
    for (const summary of await this.summaries(false)) segmentPut(registry, summary);
    const lanes: Record<string, LaneRecord> = {};
    for (const row of await this.laneRows()) {
      if (row.lane === DEFAULT_LANE) registry.active_track_id = row.active_track_id;
      else lanes[row.lane] = { active_track_id: row.active_track_id, worktree: row.worktree, last_activity: row.last_activity ?? project.updated_at };
    }
    if (Object.keys(lanes).length) registry.lanes = lanes;
    const [count] = await this.rows<{ n: string }>('SELECT count(*) AS n FROM track_tracks WHERE project = $1 AND closed', []);
    registry.closed_segment.count = Number(count?.n ?? 0);
    return registry;
  }

  async closedTracks(): Promise<RegistrySegment> {
    const project = await this.project();
    const segment = emptySegment('closed', project.updated_at);
    segment.generation = Number(project.generation);
    for (const summary of await this.summaries(true)) segmentPut(segment, summary);
    return segment;
  }

  async readTrackText(trackId: string): Promise<string | null> {
    const [row] = await this.rows<{ body: string }>('SELECT body FROM track_tracks WHERE project = $1 AND track_id = $2', [trackId]);
    return row?.body ?? null;
  }

  async findTrack(trackId: string): Promise<Track | null> {
    const text = await this.readTrackText(trackId);
    if (text === null) return null;
    const label = `track ${trackId} (database)`;
    return validateDocument(parseJsonText(text, label), trackSchema, label);
  }

  async getTrack(trackId: string): Promise<Track> {
    const track = await this.findTrack(trackId);
    if (track) return track;
    const ids = await this.rows<{ track_id: string }>('SELECT track_id FROM track_tracks WHERE project = $1', []);
    throw new TrackNotFoundError(
      trackId,
      ids.map((r) => r.track_id),
    );
  }

  async idInUse(trackId: string): Promise<boolean> {
    const [row] = await this.rows<{ used: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM track_tracks WHERE project = $1 AND track_id = $2)
        OR EXISTS (SELECT 1 FROM track_context WHERE project = $1 AND track_id = $2)
        OR EXISTS (SELECT 1 FROM track_checkpoints WHERE project = $1 AND track_id = $2)
        OR EXISTS (SELECT 1 FROM track_runs WHERE project = $1 AND track_id = $2) AS used`,
      [trackId],
    );
    return row?.used === true;
  }

  async listContext(trackId: string): Promise<string[]> {
    const rows = await this.rows<{ name: string }>('SELECT name FROM track_context WHERE project = $1 AND track_id = $2', [trackId]);
    return rows.map((r) => r.name).sort(byId);
  }

  async readContext(trackId: string, name: string): Promise<string | null> {
    const [row] = await this.rows<{ text: string }>('SELECT text FROM track_context WHERE project = $1 AND track_id = $2 AND name = $3', [trackId, name]);
    return row?.text ?? null;
  }

  async listCheckpoints(trackId: string): Promise<string[]> {
    const rows = await this.rows<{ checkpoint_id: string; created_at: string | null }>(
      'SELECT checkpoint_id, created_at FROM track_checkpoints WHERE project = $1 AND track_id = $2',
      [trackId],
    );
    const times = new Map(rows.map((r) => [r.checkpoint_id, r.created_at ?? undefined]));
    return sortNumbered(
      rows.map((r) => r.checkpoint_id).filter((id) => CHECKPOINT_ID.test(id)),
      CHECKPOINT_ID,
      (id) => times.get(id),
    );
  }

  async readCheckpointText(trackId: string, checkpointId: string): Promise<string | null> {
    const [row] = await this.rows<{ body: string }>('SELECT body FROM track_checkpoints WHERE project = $1 AND track_id = $2 AND checkpoint_id = $3', [
      trackId,
      checkpointId,
    ]);
    return row?.body ?? null;
  }

  async readCheckpoint(trackId: string, checkpointId: string): Promise<Checkpoint | null> {
    const text = await this.readCheckpointText(trackId, checkpointId);
    if (text === null) return null;
    const label = `checkpoint ${trackId}/${checkpointId} (database)`;
    return validateDocument(parseJsonText(text, label), checkpointSchema, label);
  }

  async readObject(trackId: string, sha256: string, size?: number): Promise<Buffer> {
    const [row] = await this.rows<{ bytes: Buffer }>('SELECT bytes FROM track_objects WHERE project = $1 AND track_id = $2 AND sha256 = $3', [trackId, sha256]);
    const what = `${trackId}/objects/${sha256}`;
    if (!row) throw new CorruptStoreError(what, 'the artifact object is missing');
    const actual = sha256Hex(row.bytes);
    if (actual !== sha256) throw new ChecksumMismatchError(what, `sha256:${sha256}`, `sha256:${actual}`);
    if (size !== undefined && row.bytes.length !== size) throw new CorruptStoreError(what, `is ${row.bytes.length} bytes, the manifest says ${size}`);
    return row.bytes;
  }

  async listRuns(trackId: string): Promise<string[]> {
    const rows = await this.rows<{ run_id: string; started_at: string | null }>(
      'SELECT run_id, started_at FROM track_runs WHERE project = $1 AND track_id = $2',
      [trackId],
    );
    const times = new Map(rows.map((r) => [r.run_id, r.started_at ?? undefined]));
    return sortNumbered(
      rows.map((r) => r.run_id),
      RUN_ID,
      (id) => times.get(id),
    );
  }

  async readRunText(trackId: string, runId: string): Promise<string | null> {
    const [row] = await this.rows<{ body: string }>('SELECT body FROM track_runs WHERE project = $1 AND track_id = $2 AND run_id = $3', [trackId, runId]);
    return row?.body ?? null;
  }

  async findRun(trackId: string, runId: string): Promise<Run | null> {
    if (!RUN_ID.test(runId)) throw new TrackError('VALIDATION', `invalid run id '${runId.slice(0, 40)}'`, 'run ids look like run-001 (or run-001-k3x9p)');
    const text = await this.readRunText(trackId, runId);
    if (text === null) return null;
    const label = `run ${trackId}/${runId} (database)`;
    return validateDocument(parseJsonText(text, label), runSchema, label);
  }

  async trackFiles(trackId: string): Promise<TrackFile[]> {
    const files: TrackFile[] = [{ path: 'track.json', bytes: Buffer.from((await this.readTrackText(trackId)) ?? '', 'utf8') }];
    if (files[0]?.bytes.length === 0) await this.getTrack(trackId);
    for (const r of await this.rows<{ name: string; text: string }>('SELECT name, text FROM track_context WHERE project = $1 AND track_id = $2', [trackId])) {
      files.push({ path: `context/${r.name}`, bytes: Buffer.from(r.text, 'utf8') });
    }
    for (const r of await this.rows<{ checkpoint_id: string; body: string }>(
      'SELECT checkpoint_id, body FROM track_checkpoints WHERE project = $1 AND track_id = $2',
      [trackId],
    )) {
      files.push({ path: `checkpoints/${r.checkpoint_id}.json`, bytes: Buffer.from(r.body, 'utf8') });
    }
    for (const r of await this.rows<{ sha256: string; bytes: Buffer }>('SELECT sha256, bytes FROM track_objects WHERE project = $1 AND track_id = $2', [
      trackId,
    ])) {
      files.push({ path: `objects/${r.sha256}`, bytes: r.bytes });
    }
    const runIds = new Set<string>();
    for (const r of await this.rows<{ run_id: string; body: string }>('SELECT run_id, body FROM track_runs WHERE project = $1 AND track_id = $2', [trackId])) {
      files.push({ path: `workflows/${r.run_id}/run.json`, bytes: Buffer.from(r.body, 'utf8') });
      runIds.add(r.run_id);
    }
    for (const r of await this.rows<{ run_id: string; name: string; bytes: Buffer }>(
      'SELECT run_id, name, bytes FROM track_run_files WHERE project = $1 AND track_id = $2',
      [trackId],
    )) {
      files.push({ path: `workflows/${r.run_id}/${r.name}`, bytes: r.bytes });
    }
    // The logs of the commands that ran on this machine are kept here, not in the database.
    const stored = new Set(files.map((f) => f.path));
    files.push(...localRunFiles(this.scope.localRoot, trackId, runIds).filter((f) => !stored.has(f.path)));
    return files.sort((a, b) => byId(a.path, b.path));
  }

  async readCommand(trackId: string, runId: string): Promise<CommandProcess | null> {
    return readCommandProcess(this.localReader(), trackId, runId);
  }

  async readCommandExit(trackId: string, runId: string): Promise<CommandExit | null> {
    return readCommandExit(this.localReader(), trackId, runId);
  }

  async readLogTail(trackId: string, runId: string, name: string, maxBytes: number): Promise<LogTail | null> {
    const local = readLogTail(this.scope.localRoot, trackId, runId, name, maxBytes);
    if (local) return local;
    const [row] = await this.rows<{ bytes: Buffer }>('SELECT bytes FROM track_run_files WHERE project = $1 AND track_id = $2 AND run_id = $3 AND name = $4', [
      trackId,
      runId,
      name,
    ]);
    if (!row) return null;
    const length = Math.min(row.bytes.length, Math.max(0, Math.floor(maxBytes)));
    return tailOf(row.bytes.subarray(row.bytes.length - length), row.bytes.length);
  }
}
