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
 * - **One active track.** After every transaction at most one track is active and the head's
 *   active pointer names exactly it; a transaction that would break this is refused whole.
 * - **A paused track changes only with a checkpoint.** Resuming restores a paused track from its
 *   latest checkpoint, so a transaction that changes a paused track's document or context must also
 *   write a checkpoint holding the change, or it is refused whole (no acknowledged change is undone).
 * - **No nesting.** A transaction opened inside another is refused (a deadlock waiting to happen).
 * - **Content addressing.** An object is stored under the sha256 of its bytes and read back only
 *   when they still hash to it; putting the same bytes twice stores them once.
 *
 * `test/contract/` proves these for each implementation.
 */
import type { Checkpoint, Head, ObjectRef, Registry, RegistrySegment, Run, Track } from '../core/schema.js';
import type { FileStore } from './file/file-store.js';

/** A checkpoint before the store names and seals it. */
export type CheckpointBody = Omit<Checkpoint, 'checkpoint_id' | 'format' | 'checksum'>;

/** One document of a track as a bundle carries it: a '/'-separated path below the track, and its bytes. */
export interface TrackFile {
  path: string;
  bytes: Buffer;
}

/** Consistent reads. */
export interface StoreReader {
  /** The generation (bumped by every commit) and the active pointer: the cheapest read. */
  head(): Promise<Head>;
  /** Summaries and indexes of the open tracks (plus the sequence and active pointer). */
  openTracks(): Promise<Registry>;
  /** Summaries and indexes of completed, failed, cancelled and archived tracks. */
  closedTracks(): Promise<RegistrySegment>;
  findTrack(trackId: string): Promise<Track | null>;
  /** The track, or TrackNotFoundError. */
  getTrack(trackId: string): Promise<Track>;
  /** Names of the track's context documents, sorted. */
  listContext(trackId: string): Promise<string[]>;
  readContext(trackId: string, name: string): Promise<string | null>;
  /** Checkpoint ids of the track, oldest first. */
  listCheckpoints(trackId: string): Promise<string[]>;
  /** The checkpoint exactly as stored (its checksum is verified over these bytes), or null. */
  readCheckpointText(trackId: string, checkpointId: string): Promise<string | null>;
  /** The bytes of an object, proven to hash to `sha256` (and to have `size`, when given). */
  readObject(trackId: string, sha256: string, size?: number): Promise<Buffer>;
  /** Run ids of the track, oldest first. */
  listRuns(trackId: string): Promise<string[]>;
  findRun(trackId: string, runId: string): Promise<Run | null>;
  /** Every document of the track (for export), sorted by path. */
  trackFiles(trackId: string): Promise<TrackFile[]>;
}

/** A transaction: the reads see its own writes. */
export interface StoreTx extends StoreReader {
  /** The transaction's timestamp: every change it records carries this one instant. */
  readonly at: string;
  /** Writes the track (validated, derived fields recomputed) and its summary. */
  putTrack(track: Track): Promise<Track>;
  setActive(trackId: string | null): Promise<void>;
  /** The next number of the store-wide id sequence. */
  allocateSequence(): Promise<number>;
  /** Later allocations never return a number below `minimum`. */
  reserveSequence(minimum: number): Promise<void>;
  /** Writes (or, with null, removes) a context document. */
  writeContext(trackId: string, name: string, text: string | null): Promise<void>;
  /** Names, seals (checksum) and writes a checkpoint; it is immutable from then on. */
  writeCheckpoint(body: CheckpointBody): Promise<Checkpoint>;
  /** Stores bytes by their sha256 (once, however often they are put). */
  putObject(trackId: string, bytes: Uint8Array): Promise<ObjectRef>;
  putRun(run: Run): Promise<Run>;
  /** Writes one document of a track by its path (bundle import). */
  putTrackFile(trackId: string, path: string, content: string | Uint8Array): Promise<void>;
}

export interface TransactionOptions {
  /** Give up after this long waiting for another writer (a hook must not linger). */
  lockTimeoutMs?: number | undefined;
}

/** A store. */
export interface StorePort {
  /** The project the tracks belong to: commands run here, artifacts are read from here. */
  readonly projectDir: string;
  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T>;
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** What today's use cases are written against: the file store's synchronous reader and transaction. */
export type TrackStore = Pick<FileStore, 'root' | 'projectDir' | 'read' | 'transaction'>;
