/** A write transaction on the database: every write goes to the server at once, inside the transaction the store opened. */
import { canonicalJson } from '../../core/canonical.js';
import { checkpointTrackIn, seal } from '../../core/checkpoint-seal.js';
import { TrackError, ValidationError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { parseJsonText, toJsonText, validateDocument } from '../../core/json.js';
import { DEFAULT_LANE, type Lane, worktreeLaneId } from '../../core/lanes.js';
import { isClosed } from '../../core/lifecycle.js';
import { assertPlainName } from '../../core/names.js';
import { summarize } from '../../core/registry-index.js';
import { CHECKPOINT_ID, type Checkpoint, type ObjectRef, RUN_ID, type Run, runSchema, type Track, trackSchema } from '../../core/schema.js';
import { formatSequence, type NameTag, nextSequenceNumber } from '../../core/sequence-names.js';
import { normalizeTrack } from '../../core/track-factory.js';
import type { CommandRef } from '../../core/trust.js';
import { parseInput } from '../../core/validate.js';
import { type CheckpointBody, MAX_OBJECT_BYTES, type StoreTx } from '../port.js';
import { PgReader, type PgScope } from './pg-reader.js';

/** What a committed transaction changed: the store's change stream carries it. */
export interface TxChanges {
  tracks: string[];
}

export class PgTx extends PgReader implements StoreTx {
  /** Tracks whose document or context changed after the last checkpoint this transaction wrote of them. */
  private readonly unsaved = new Set<string>();
  private readonly changed = new Set<string>();
  private dirty = false;

  constructor(
    scope: PgScope,
    lane: Lane,
    readonly at: string,
  ) {
    super(scope, lane);
  }

  private touched(trackId: string | null, unsaved = false): void {
    this.dirty = true;
    if (trackId === null) return;
    this.changed.add(trackId);
    if (unsaved) this.unsaved.add(trackId);
  }

  private async exec(sql: string, values: readonly unknown[]): Promise<void> {
    await this.scope.client.query(sql, [this.scope.project, ...values]);
  }

  /** Writes a track's row from its document's exact text. */
  private async putTrackRow(track: Track, body: string): Promise<void> {
    await this.exec(
      `INSERT INTO track_tracks (project, track_id, body, summary, status, type, priority, lane, parent_track_id, closed, created_at, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($12::text, $3)::jsonb)
       ON CONFLICT (project, track_id) DO UPDATE SET body = EXCLUDED.body, doc = EXCLUDED.doc, summary = EXCLUDED.summary, status = EXCLUDED.status,
         type = EXCLUDED.type, priority = EXCLUDED.priority, lane = EXCLUDED.lane, parent_track_id = EXCLUDED.parent_track_id,
         closed = EXCLUDED.closed, created_at = EXCLUDED.created_at`,
      [
        track.track_id,
        body,
        JSON.stringify(summarize(track)),
        track.status,
        track.type,
        track.priority,
        track.lane ?? DEFAULT_LANE,
        track.parent_track_id ?? null,
        isClosed(track.status),
        track.created_at,
        jsonbText(body),
      ],
    );
    if (track.status !== 'active')
      await this.exec('UPDATE track_lanes SET active_track_id = NULL WHERE project = $1 AND active_track_id = $2', [track.track_id]);
    this.touched(track.track_id, true);
  }

  async putTrack(track: Track): Promise<Track> {
    const saved = parseInput(trackSchema, normalizeTrack(track, this.at), 'update');
    await this.putTrackRow(saved, toJsonText(saved));
    return saved;
  }

  async setActive(trackId: string | null): Promise<void> {
    if (trackId !== null)
      await this.exec('UPDATE track_lanes SET active_track_id = NULL WHERE project = $1 AND active_track_id = $2 AND lane <> $3', [trackId, this.lane.id]);
    await this.exec(
      `INSERT INTO track_lanes (project, lane, active_track_id, worktree, last_activity) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project, lane) DO UPDATE SET active_track_id = EXCLUDED.active_track_id`,
      [this.lane.id, trackId, this.lane.worktree, this.lane.id === DEFAULT_LANE ? null : this.at],
    );
    this.touched(trackId);
  }

  async forgetLane(laneId: string): Promise<void> {
    await this.exec('DELETE FROM track_lanes WHERE project = $1 AND lane = $2 AND active_track_id IS NULL', [laneId]);
    this.dirty = true;
  }

  async allocateSequence(): Promise<number> {
    const result = await this.scope.client.query(
      'UPDATE track_projects SET next_sequence = next_sequence + 1 WHERE project = $1 RETURNING next_sequence - 1 AS n',
      [this.scope.project],
    );
    this.dirty = true;
    return Number((result.rows[0] as { n: number }).n);
  }

  async reserveSequence(minimum: number): Promise<void> {
    await this.exec('UPDATE track_projects SET next_sequence = greatest(next_sequence, $2) WHERE project = $1', [minimum]);
    this.dirty = true;
  }

  /** Every number comes from the database's one sequence, so names never collide: no tag. */
  nameTag(): NameTag {
    return undefined;
  }

  async writeContext(trackId: string, name: string, text: string | null): Promise<void> {
    assertPlainName(name, 'context name');
    if (text === null) await this.exec('DELETE FROM track_context WHERE project = $1 AND track_id = $2 AND name = $3', [trackId, name]);
    else {
      await this.exec(
        `INSERT INTO track_context (project, track_id, name, text) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project, track_id, name) DO UPDATE SET text = EXCLUDED.text`,
        [trackId, name, text],
      );
    }
    this.touched(trackId, true);
  }

  private async putCheckpointText(trackId: string, checkpointId: string, body: string, createdAt: string | null): Promise<void> {
    await this.exec('INSERT INTO track_checkpoints (project, track_id, checkpoint_id, body, created_at) VALUES ($1, $2, $3, $4, $5)', [
      trackId,
      checkpointId,
      body,
      createdAt,
    ]);
    this.touched(trackId);
  }

  async writeCheckpoint(body: CheckpointBody): Promise<Checkpoint> {
    const checkpointId = formatSequence('checkpoint', nextSequenceNumber(await this.listCheckpoints(body.track_id), CHECKPOINT_ID));
    const checkpoint = seal({ format: 'track-checkpoint/1', checkpoint_id: checkpointId, ...body });
    await this.putCheckpointText(body.track_id, checkpointId, toJsonText(checkpoint), checkpoint.created_at);
    await this.noteCheckpoint(body.track_id, body.track);
    return checkpoint;
  }

  /** A checkpoint written of the track holds this transaction's changes only if it holds the track as written. */
  private async noteCheckpoint(trackId: string, checkpointTrack: unknown): Promise<void> {
    const current = await this.findTrack(trackId);
    if (current && canonicalJson(current) === canonicalJson(checkpointTrack)) this.unsaved.delete(trackId);
  }

  async needsCheckpoint(trackId: string): Promise<boolean> {
    return this.unsaved.has(trackId);
  }

  async putObject(trackId: string, bytes: Uint8Array): Promise<ObjectRef> {
    if (bytes.length > MAX_OBJECT_BYTES)
      throw new ValidationError(`an object of ${bytes.length} bytes is over the ${MAX_OBJECT_BYTES}-byte limit`, 'store a smaller file');
    const sha256 = sha256Hex(bytes);
    await this.exec(
      `INSERT INTO track_objects (project, track_id, sha256, size, bytes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project, track_id, sha256) DO UPDATE SET bytes = EXCLUDED.bytes, size = EXCLUDED.size
       WHERE track_objects.size <> EXCLUDED.size OR sha256(track_objects.bytes) <> sha256(EXCLUDED.bytes)`,
      [trackId, sha256, bytes.length, Buffer.from(bytes)],
    );
    this.dirty = true;
    return { sha256, size: bytes.length };
  }

  async putRun(run: Run): Promise<Run> {
    const saved = validateDocument(run, runSchema, `run ${run.run_id}`);
    await this.putRunText(saved.track_id, saved.run_id, toJsonText(saved), saved.started_at);
    return saved;
  }

  private async putRunText(trackId: string, runId: string, body: string, startedAt: string | null): Promise<void> {
    await this.exec(
      `INSERT INTO track_runs (project, track_id, run_id, body, started_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project, track_id, run_id) DO UPDATE SET body = EXCLUDED.body, started_at = EXCLUDED.started_at`,
      [trackId, runId, body, startedAt],
    );
    this.touched(trackId);
  }

  /** Writes one document of a track by its bundle path, exactly as given (see port.ts TrackFile). */
  async putTrackFile(trackId: string, path: string, content: string | Uint8Array): Promise<void> {
    const segments = path.split('/').map((segment) => assertPlainName(segment, 'track file path'));
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const text = (): string => bytes.toString('utf8');
    const [head, second, third] = segments;
    if (segments.length === 1 && head === 'track.json') {
      const track = validateDocument(parseJsonText(text(), `${trackId}/track.json`), trackSchema, `${trackId}/track.json`);
      if (track.track_id !== trackId)
        throw new ValidationError(`${trackId}/track.json holds track '${track.track_id}'`, 'a track file must hold its own track');
      return this.putTrackRow(track, text());
    }
    if (segments.length === 2 && head === 'context' && second) return this.writeContext(trackId, second, text());
    if (segments.length === 2 && head === 'objects' && second) {
      const ref = await this.putObject(trackId, bytes);
      if (ref.sha256 !== second) throw new ValidationError(`${trackId}/objects/${second} does not hash to its name`, 'export the bundle again');
      return;
    }
    if (segments.length === 2 && head === 'checkpoints' && second?.endsWith('.json') && CHECKPOINT_ID.test(second.slice(0, -5))) {
      await this.putCheckpointText(trackId, second.slice(0, -5), text(), timeIn(text(), 'created_at'));
      return this.noteCheckpoint(trackId, checkpointTrackIn(text()));
    }
    if (segments.length === 3 && head === 'workflows' && second && RUN_ID.test(second) && third) {
      if (third === 'run.json') return this.putRunText(trackId, second, text(), timeIn(text(), 'started_at'));
      await this.exec(
        `INSERT INTO track_run_files (project, track_id, run_id, name, bytes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project, track_id, run_id, name) DO UPDATE SET bytes = EXCLUDED.bytes`,
        [trackId, second, third, bytes],
      );
      return this.touched(trackId);
    }
    throw new ValidationError(
      `'${path.slice(0, 200)}' is not a document a track keeps`,
      'a track keeps track.json, context/<name>, checkpoints/<id>.json, objects/<sha256> and workflows/<run-id>/<file>',
    );
  }

  /** A database store does not check trust (no command arrives through git): nothing to record. */
  async approveCommands(_commands: readonly CommandRef[]): Promise<void> {}

  private assertPausedTracksCheckpointed = async (): Promise<void> => {
    for (const id of this.unsaved) {
      if ((await this.findTrack(id))?.status !== 'paused') continue;
      throw new TrackError(
        'INTERNAL',
        `track '${id}' is paused and was changed without a checkpoint; resuming it would undo the change`,
        'nothing was written; this is a bug in track-manager, please report it',
        { track_id: id },
      );
    }
  };

  /** Records the lane's activity and the commit (generation, operation id, tracks), and announces it. Null when nothing changed. */
  async finish(operation: string): Promise<TxChanges | null> {
    if (!this.dirty) return null;
    await this.assertPausedTracksCheckpointed();
    if (this.lane.id !== DEFAULT_LANE) {
      const [row] = await this.rows<{ worktree: string | null }>('SELECT worktree FROM track_lanes WHERE project = $1 AND lane = $2', [this.lane.id]);
      const own = row?.worktree != null && worktreeLaneId(row.worktree) === this.lane.id;
      await this.exec(
        `INSERT INTO track_lanes (project, lane, active_track_id, worktree, last_activity) VALUES ($1, $2, NULL, $3, $4)
         ON CONFLICT (project, lane) DO UPDATE SET last_activity = EXCLUDED.last_activity, worktree = $5`,
        [this.lane.id, this.lane.worktree, this.at, own ? (row?.worktree ?? null) : (this.lane.worktree ?? row?.worktree ?? null)],
      );
    }
    const result = await this.scope.client.query(
      'UPDATE track_projects SET generation = generation + 1, updated_at = $2 WHERE project = $1 RETURNING generation',
      [this.scope.project, this.at],
    );
    const generation = (result.rows[0] as { generation: string }).generation;
    const tracks = [...this.changed].sort();
    await this.exec('INSERT INTO track_commits (project, generation, operation, at, lane, tracks) VALUES ($1, $2, $3, $4, $5, $6)', [
      generation,
      operation,
      this.at,
      this.lane.id,
      tracks,
    ]);
    const payload = JSON.stringify({
      project: this.scope.project,
      generation: Number(generation),
      at: this.at,
      lane: this.lane.id,
      tracks: tracks.slice(0, 50),
    });
    await this.scope.client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payload]);
    return { tracks };
  }
}

const NOT_IN_JSONB = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function withoutNotInJsonb(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NOT_IN_JSONB, '\ufffd');
  if (Array.isArray(value)) return value.map(withoutNotInJsonb);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(NOT_IN_JSONB, '\ufffd'), withoutNotInJsonb(v)]));
  return value;
}

/**
 * The `doc` column's text for a document whose text jsonb refuses (a NUL or a lone surrogate,
 * escaped in the JSON text): those characters replaced by U+FFFD. Null when the body itself will do.
 */
function jsonbText(body: string): string | null {
  if (!/\\u(0000|d[89a-f])/i.test(body)) return null;
  return JSON.stringify(withoutNotInJsonb(JSON.parse(body)));
}

/** A timestamp field of a document kept as written (whatever its shape): it only orders two names of one number. */
function timeIn(text: string, field: string): string | null {
  try {
    const value: unknown = (JSON.parse(text) as Record<string, unknown> | null)?.[field];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The channel every commit announces itself on (LISTEN track_changes). */
export const CHANGES_CHANNEL = 'track_changes';
