/**
 * The store port: everything a use case needs from a store, and nothing about how it is kept.
 * The file store (`store/file/`) implements it today; a database store implements the same.
 *
 * Every implementation guarantees:
 * - **All or nothing.** A transaction's writes take effect together, or — when its function throws,
 *   the process dies or the connection drops before it is acknowledged — none of them does.
 * - **Serializable.** Transactions behave as if run one after another: a transaction sees the state
 *   as it was when it began plus its own writes, and no other transaction's writes in between.
 * - **Readers never see half a transaction.** `read` sees one committed state throughout; it may
 *   be a little old, never mixed. Readers never wait for writers.
 * - **Acknowledged is durable.** Once `transaction` resolves, the change survives a crash.
 * - **Lanes.** Every store handle acts in one lane (`lane`). After every transaction each lane has at
 *   most one active track, each active track is active in exactly one lane (the one its document
 *   names), and each lane's active pointer names exactly its active track; a transaction that would
 *   break this is refused whole. With only the default lane this is the seed's single active track.
 * - **A paused track changes only with a checkpoint.** Resuming restores a paused track from its
 *   latest checkpoint, so a transaction that changes a paused track's document or context must also
 *   write a checkpoint holding the change, or it is refused whole (no acknowledged change is undone).
 * - **No nesting.** A transaction opened inside another is refused (a deadlock waiting to happen).
 * - **Commands written here are trusted.** In a store shared through git, a command (a step's or an
 *   inline workflow task's) that a transaction adds or changes is recorded as trusted with it; one
 *   already in the track or its checkpoints keeps the trust it had (see `trustedCommands`).
 * - **Content addressing.** An object is stored under the sha256 of its bytes and read back only
 *   when they still hash to it; putting the same bytes twice stores them once.
 *
 * A run's output — its logs and the records of the command it is executing — is the exception: it
 * is written while the command runs, outside any transaction (see RunOutput), and read as it is now.
 *
 * `test/contract/` proves these for each implementation.
 */
import type { Lane } from '../core/lanes.js';
import type { Checkpoint, CommandExit, CommandProcess, Head, ObjectRef, Registry, RegistrySegment, Run, Track } from '../core/schema.js';
import type { NameTag } from '../core/sequence-names.js';
import type { CommandRef } from '../core/trust.js';

/** The largest object (an artifact's bytes) every store keeps. */
export const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** A checkpoint before the store names and seals it. */
export type CheckpointBody = Omit<Checkpoint, 'checkpoint_id' | 'format' | 'checksum'>;

/**
 * One document of a track as a bundle carries it: a '/'-separated path below the track, and its
 * bytes. The paths are `track.json`, `context/<name>`, `checkpoints/<checkpoint-id>.json`,
 * `objects/<sha256>`, and `workflows/<run-id>/` with the run's `run.json` and its logs.
 */
export interface TrackFile {
  path: string;
  bytes: Buffer;
}

/** The end of a run's log. */
export interface LogTail {
  /** The end of the log, decoded as UTF-8 (a cut first line is dropped). */
  text: string;
  /** The log's size in bytes. */
  bytes: number;
  /** True when `text` is only the end of the log. */
  truncated: boolean;
}

/** One log of a run, open for appending. */
export interface RunLog {
  /**
   * A descriptor of the log, open for reading and appending: a command is given it as its output,
   * so what the command writes reaches the log even after the process that started it is gone.
   */
  readonly fd: number;
  /** Appends the chunk whole. */
  write(chunk: string | Uint8Array): void;
  close(): void;
}

/**
 * Where a command of a run writes while it runs, outside any transaction: on the machine that runs
 * it, so that what it leaves outlives the runner (a later `next` reads it back through
 * `readCommand`, `readCommandExit` and `readLogTail`).
 */
export interface RunOutput {
  /** A directory the command may write into (it gets it as TRACK_RUN_DIR). */
  readonly dir: string;
  /** The file the command's wrapper writes `{ pid, exit_code }` to when the command ends (see exec/command.ts). */
  readonly exitFile: string;
  /** Opens the run's log `name` (`stdout.log`, `stderr.log`) for appending. */
  openLog(name: string): RunLog;
  /**
   * Records the process of the command now starting. Synchronous: the command is let start only
   * once it is recorded, so no command ever runs that a later `next` could not find and stop.
   */
  recordCommand(command: CommandProcess): void;
}

/** A lane as the store knows it. */
export interface LaneState {
  lane: string;
  /** Its active track, or null. */
  active_track_id: string | null;
  /** The checkout it last acted from (the default lane: the project's). */
  worktree: string | null;
  /** When it last changed the store; null for the default lane, which keeps no record. */
  last_activity: string | null;
}

/** Consistent reads. */
export interface StoreReader {
  /** The lane the reads and writes act in. */
  readonly lane: Lane;
  /**
   * True when every lane's worktree is a path on this machine (the file store); false when lanes
   * may act from other machines (a shared database), so that a path missing here proves nothing.
   */
  readonly lanesOnThisMachine: boolean;
  /**
   * The sha256 of every command this clone wrote or approved (see core/trust.ts); null when the
   * store does not check trust (it is not shared through git).
   */
  trustedCommands(): Promise<ReadonlySet<string> | null>;
  /** The generation (bumped by every commit) and this lane's active pointer: the cheapest read. */
  head(): Promise<Head>;
  /** Every lane: the default one first, then the others by id. */
  lanes(): Promise<LaneState[]>;
  /** Summaries and indexes of the open tracks (plus the sequence and active pointer). */
  openTracks(): Promise<Registry>;
  /** Summaries and indexes of completed, failed, cancelled and archived tracks. */
  closedTracks(): Promise<RegistrySegment>;
  findTrack(trackId: string): Promise<Track | null>;
  /** The track, or TrackNotFoundError. */
  getTrack(trackId: string): Promise<Track>;
  /** The track document as stored, unparsed, or null: for readers that check only the fields they use. */
  readTrackText(trackId: string): Promise<string | null>;
  /** True when the id names a track or any document of one; objects alone (an interrupted import leaves them) do not count. */
  idInUse(trackId: string): Promise<boolean>;
  /** Names of the track's context documents, sorted. */
  listContext(trackId: string): Promise<string[]>;
  readContext(trackId: string, name: string): Promise<string | null>;
  /** Checkpoint ids of the track, oldest first. */
  listCheckpoints(trackId: string): Promise<string[]>;
  /** The checkpoint, parsed and checked against its schema (not its checksum: see readCheckpointText), or null. */
  readCheckpoint(trackId: string, checkpointId: string): Promise<Checkpoint | null>;
  /** The checkpoint exactly as stored (its checksum is verified over these bytes), or null. */
  readCheckpointText(trackId: string, checkpointId: string): Promise<string | null>;
  /** The bytes of an object, proven to hash to `sha256` (and to have `size`, when given). */
  readObject(trackId: string, sha256: string, size?: number): Promise<Buffer>;
  /** Run ids of the track, oldest first. */
  listRuns(trackId: string): Promise<string[]>;
  findRun(trackId: string, runId: string): Promise<Run | null>;
  /** The run document as stored, unparsed (a checkpoint keeps it whatever its shape), or null. */
  readRunText(trackId: string, runId: string): Promise<string | null>;
  /** Every document of the track (for export), sorted by path. */
  trackFiles(trackId: string): Promise<TrackFile[]>;
  /** The command the run was last executing (RunOutput.recordCommand); null when none was recorded or the record is unreadable. */
  readCommand(trackId: string, runId: string): Promise<CommandProcess | null>;
  /** How that command ended, as its wrapper recorded it; null while it runs, if it was killed outright, or when unreadable. */
  readCommandExit(trackId: string, runId: string): Promise<CommandExit | null>;
  /** The last `maxBytes` of the run's log `name`; null when the log does not exist (yet). */
  readLogTail(trackId: string, runId: string, name: string, maxBytes: number): Promise<LogTail | null>;
}

/** A transaction: the reads see its own writes. */
export interface StoreTx extends StoreReader {
  /** The transaction's timestamp: every change it records carries this one instant. */
  readonly at: string;
  /** Writes the track (validated, derived fields recomputed) and its summary. */
  putTrack(track: Track): Promise<Track>;
  /** Points this lane (or the lane `laneId`: copying a store) at the track, taking it from any other lane, or at none. */
  setActive(trackId: string | null, laneId?: string): Promise<void>;
  /** Forgets a lane that holds no track (its worktree is gone). */
  forgetLane(laneId: string): Promise<void>;
  /** The next number of the store-wide id sequence. */
  allocateSequence(): Promise<number>;
  /** Later allocations never return a number below `minimum`. */
  reserveSequence(minimum: number): Promise<void>;
  /**
   * A fresh tag for a name generated in this transaction (`k3x9p`, to follow its number): random in
   * a store shared through git, so clones never make the same name; undefined elsewhere.
   */
  nameTag(): NameTag;
  /** Writes (or, with null, removes) a context document. */
  writeContext(trackId: string, name: string, text: string | null): Promise<void>;
  /** Names, seals (checksum) and writes a checkpoint; it is immutable from then on. */
  writeCheckpoint(body: CheckpointBody): Promise<Checkpoint>;
  /**
   * True when this transaction changed the track's document or context after the last checkpoint
   * it wrote of the track: a paused track in that state would be refused at commit.
   */
  needsCheckpoint(trackId: string): Promise<boolean>;
  /** Stores bytes by their sha256 (once, however often they are put). */
  putObject(trackId: string, bytes: Uint8Array): Promise<ObjectRef>;
  putRun(run: Run): Promise<Run>;
  /**
   * Writes one document of a track by its path, its bytes as given (bundle import, copying a store;
   * see TrackFile). `track.json` must hold a valid track, whose summary the store keeps as `putTrack` does.
   */
  putTrackFile(trackId: string, path: string, content: string | Uint8Array): Promise<void>;
  /** Records the commands as approved by a person in this clone (`track trust`). */
  approveCommands(commands: readonly CommandRef[]): Promise<void>;
}

export interface TransactionOptions {
  /** Give up after this long waiting for another writer (a hook must not linger). */
  lockTimeoutMs?: number | undefined;
}

/** A store. */
export interface StorePort {
  /** The project the tracks belong to: commands run here, artifacts are read from here. */
  readonly projectDir: string;
  /** The project's folder of workflow definitions (`<name>.yaml`, `.yml` or `.json`), files people write. */
  readonly workflowsDir: string;
  /** The project's folder of user templates (`<name>.json`). */
  readonly templatesDir: string;
  /** The lane this handle acts in. */
  readonly lane: Lane;
  /**
   * True when `path` lies among the store's own files on this machine, also through a symbolic
   * link: a file the user names (an artifact's source, a bundle or report to write) may not.
   */
  contains(path: string): boolean;
  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T>;
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Where a command of the run writes while it runs; the run exists (a committed transaction wrote it). */
  openRunOutput(trackId: string, runId: string): Promise<RunOutput>;
}
