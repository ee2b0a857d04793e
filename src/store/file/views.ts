/** The file store seen through the store port: each operation of the port over the synchronous reader or transaction it wraps. */

import { checkpointTrackIn } from '../../core/checkpoint-seal.js';
import { ValidationError } from '../../core/errors.js';
import { decodeUtf8, parseJsonText, validateDocument } from '../../core/json.js';
import { pointerOf } from '../../core/lane-pointers.js';
import { DEFAULT_LANE, type Lane } from '../../core/lanes.js';
import { assertPlainName } from '../../core/names.js';
import {
  type Checkpoint,
  type CommandExit,
  type CommandProcess,
  type Head,
  type ObjectRef,
  type Registry,
  type RegistrySegment,
  type Run,
  type Track,
  trackSchema,
} from '../../core/schema.js';
import type { NameTag } from '../../core/sequence-names.js';
import { type CommandRef, withTrusted } from '../../core/trust.js';
import { inGitCheckout } from '../git-worktree.js';
import type { CheckpointBody, LaneState, LogTail, StoreReader, StoreTx, TrackFile } from '../port.js';
import { walkFiles } from './bundle-walk.js';
import type { DocumentReader } from './documents.js';
import { checkpointFile, contextFile, TRUST_FILE, trackDir, trackFile } from './layout.js';
import { OBJECTS_DIR, putObject, readObject } from './objects.js';
import { projectDirOf } from './paths.js';
import { readLogTail } from './run-logs.js';
import { findRun, listRunIds, readCommandExit, readCommandProcess, runFile, stageRun } from './runs.js';
import type { FileTx } from './transaction.js';
import { readTrust, trustSource, trustText } from './trust-file.js';

export class FileReaderView implements StoreReader {
  readonly lanesOnThisMachine = true;
  constructor(
    protected readonly reader: DocumentReader,
    readonly lane: Lane,
  ) {}

  async trustedCommands(): Promise<ReadonlySet<string> | null> {
    if (!inGitCheckout(this.reader.root)) return null;
    return new Set(readTrust(trustSource(this.reader)).commands.map((e) => e.sha256));
  }

  async head(): Promise<Head> {
    const head = this.reader.head();
    return { format: head.format, generation: head.generation, active_track_id: pointerOf(head, this.lane.id) };
  }

  async lanes(): Promise<LaneState[]> {
    const head = this.reader.head();
    const others = Object.entries(head.lanes ?? {})
      .filter(([id]) => id !== DEFAULT_LANE)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([lane, r]) => ({ lane, active_track_id: r.active_track_id, worktree: r.worktree, last_activity: r.last_activity }));
    return [{ lane: DEFAULT_LANE, active_track_id: head.active_track_id, worktree: projectDirOf(this.reader.root), last_activity: null }, ...others];
  }

  async openTracks(): Promise<Registry> {
    return this.reader.registry();
  }

  async closedTracks(): Promise<RegistrySegment> {
    return this.reader.closedSegment();
  }

  async findTrack(trackId: string): Promise<Track | null> {
    return this.reader.findTrack(trackId);
  }

  async getTrack(trackId: string): Promise<Track> {
    return this.reader.getTrack(trackId);
  }

  async readTrackText(trackId: string): Promise<string | null> {
    return this.reader.readRaw(trackFile(trackId));
  }

  async idInUse(trackId: string): Promise<boolean> {
    return this.reader.findTrack(trackId) !== null || this.reader.listRaw(trackDir(trackId)).some((name) => name !== OBJECTS_DIR);
  }

  async listContext(trackId: string): Promise<string[]> {
    return this.reader.listContext(trackId);
  }

  async readContext(trackId: string, name: string): Promise<string | null> {
    return this.reader.readContext(trackId, name);
  }

  async listCheckpoints(trackId: string): Promise<string[]> {
    return this.reader.listCheckpoints(trackId);
  }

  async readCheckpoint(trackId: string, checkpointId: string): Promise<Checkpoint | null> {
    return this.reader.findCheckpoint(trackId, checkpointId);
  }

  async readCheckpointText(trackId: string, checkpointId: string): Promise<string | null> {
    return this.reader.readRaw(checkpointFile(trackId, checkpointId));
  }

  async readObject(trackId: string, sha256: string, size?: number): Promise<Buffer> {
    return readObject(this.reader.root, trackId, sha256, size);
  }

  async listRuns(trackId: string): Promise<string[]> {
    return listRunIds(this.reader, trackId);
  }

  async findRun(trackId: string, runId: string): Promise<Run | null> {
    return findRun(this.reader, trackId, runId);
  }

  async readRunText(trackId: string, runId: string): Promise<string | null> {
    return this.reader.readRaw(runFile(trackId, runId));
  }

  async trackFiles(trackId: string): Promise<TrackFile[]> {
    await this.getTrack(trackId);
    return walkFiles(this.reader.root, trackDir(trackId));
  }

  async readCommand(trackId: string, runId: string): Promise<CommandProcess | null> {
    return readCommandProcess(this.reader, trackId, runId);
  }

  async readCommandExit(trackId: string, runId: string): Promise<CommandExit | null> {
    return readCommandExit(this.reader, trackId, runId);
  }

  async readLogTail(trackId: string, runId: string, name: string, maxBytes: number): Promise<LogTail | null> {
    return readLogTail(this.reader.root, trackId, runId, name, maxBytes);
  }
}

export class FileTxView extends FileReaderView implements StoreTx {
  constructor(private readonly tx: FileTx) {
    const clone = tx.registry().clone;
    super(tx, clone ? { ...tx.lane, clone } : tx.lane);
  }

  get at(): string {
    return this.tx.at;
  }

  async putTrack(track: Track): Promise<Track> {
    return this.tx.putTrack(track);
  }

  async setActive(trackId: string | null, laneId?: string): Promise<void> {
    this.tx.setActive(trackId, laneId);
  }

  async forgetLane(laneId: string): Promise<void> {
    this.tx.forgetLane(laneId);
  }

  async allocateSequence(): Promise<number> {
    return this.tx.allocateSequence();
  }

  async reserveSequence(minimum: number): Promise<void> {
    this.tx.reserveSequence(minimum);
  }

  nameTag(): NameTag {
    return this.tx.nameTag();
  }

  async writeContext(trackId: string, name: string, text: string | null): Promise<void> {
    this.tx.stage(contextFile(trackId, name), text);
  }

  async writeCheckpoint(body: CheckpointBody): Promise<Checkpoint> {
    return this.tx.writeCheckpoint(body);
  }

  async needsCheckpoint(trackId: string): Promise<boolean> {
    return this.tx.needsCheckpoint(trackId);
  }

  async putObject(trackId: string, bytes: Uint8Array): Promise<ObjectRef> {
    const { sha256, size } = putObject(this.tx.root, trackId, bytes);
    return { sha256, size };
  }

  async putRun(run: Run): Promise<Run> {
    return stageRun(this.tx, run);
  }

  async approveCommands(commands: readonly CommandRef[]): Promise<void> {
    const current = readTrust(trustSource(this.tx));
    const next = withTrusted(current, commands, 'approved', this.tx.at);
    if (next !== current) this.tx.stage(TRUST_FILE, trustText(next));
  }

  async putTrackFile(trackId: string, path: string, content: string | Uint8Array): Promise<void> {
    const segments = path.split('/').map((segment) => assertPlainName(segment, 'track file path'));
    if (path === 'track.json') {
      const text = typeof content === 'string' ? content : decodeUtf8(content, `${trackId}/track.json`);
      const track = validateDocument(parseJsonText(text, `${trackId}/track.json`), trackSchema, `${trackId}/track.json`);
      if (track.track_id !== trackId)
        throw new ValidationError(`${trackId}/track.json holds track '${track.track_id}'`, 'a track file must hold its own track');
      this.tx.putTrackDocument(track, text);
      return;
    }
    this.tx.stage([trackDir(trackId), ...segments].join('/'), content);
    if (segments[0] === 'checkpoints') this.tx.noteCheckpoint(trackId, checkpointTrackIn(content));
  }
}
