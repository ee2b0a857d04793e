/** The file store seen through the store port: each operation of the port over the reader or transaction it wraps. */

import { assertPlainName } from '../../core/names.js';
import type { Checkpoint, Head, ObjectRef, Registry, RegistrySegment, Run, Track } from '../../core/schema.js';
import type { CheckpointBody, StorePort, StoreReader, StoreTx, TrackFile, TransactionOptions } from '../port.js';
import { walkFiles } from './bundle-walk.js';
import type { DocumentReader } from './documents.js';
import type { FileStore } from './file-store.js';
import { checkpointFile, contextFile, trackDir } from './layout.js';
import { putObject, readObject } from './objects.js';
import { findRun, listRunIds, stageRun } from './runs.js';
import type { FileTx } from './transaction.js';

class FileReaderPort implements StoreReader {
  constructor(protected readonly reader: DocumentReader) {}

  async head(): Promise<Head> {
    return this.reader.head();
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

  async listContext(trackId: string): Promise<string[]> {
    return this.reader.listContext(trackId);
  }

  async readContext(trackId: string, name: string): Promise<string | null> {
    return this.reader.readContext(trackId, name);
  }

  async listCheckpoints(trackId: string): Promise<string[]> {
    return this.reader.listCheckpoints(trackId);
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

  async trackFiles(trackId: string): Promise<TrackFile[]> {
    await this.getTrack(trackId);
    return walkFiles(this.reader.root, trackDir(trackId));
  }
}

class FileTxPort extends FileReaderPort implements StoreTx {
  constructor(private readonly tx: FileTx) {
    super(tx);
  }

  get at(): string {
    return this.tx.at;
  }

  async putTrack(track: Track): Promise<Track> {
    return this.tx.putTrack(track);
  }

  async setActive(trackId: string | null): Promise<void> {
    this.tx.setActive(trackId);
  }

  async allocateSequence(): Promise<number> {
    return this.tx.allocateSequence();
  }

  async reserveSequence(minimum: number): Promise<void> {
    this.tx.reserveSequence(minimum);
  }

  async writeContext(trackId: string, name: string, text: string | null): Promise<void> {
    this.tx.stage(contextFile(trackId, name), text);
  }

  async writeCheckpoint(body: CheckpointBody): Promise<Checkpoint> {
    return this.tx.writeCheckpoint(body);
  }

  async putObject(trackId: string, bytes: Uint8Array): Promise<ObjectRef> {
    const { sha256, size } = putObject(this.tx.root, trackId, bytes);
    return { sha256, size };
  }

  async putRun(run: Run): Promise<Run> {
    return stageRun(this.tx, run);
  }

  async putTrackFile(trackId: string, path: string, content: string | Uint8Array): Promise<void> {
    const segments = path.split('/').map((segment) => assertPlainName(segment, 'track file path'));
    this.tx.stage([trackDir(trackId), ...segments].join('/'), content);
  }
}

/** The file store as a port: reads without the lock, transactions under it, journaled. */
export class FilePort implements StorePort {
  constructor(readonly files: FileStore) {}

  get projectDir(): string {
    return this.files.projectDir;
  }

  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> {
    return this.files.read((reader) => fn(new FileReaderPort(reader)));
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.files.transaction((tx) => fn(new FileTxPort(tx)), options);
  }
}
