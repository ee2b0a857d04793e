import { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, join } from 'node:path';
import { LockTimeoutError, TrackError } from '../../core/errors.js';
import { toJsonText } from '../../core/json.js';
import { headOf } from '../../core/lane-pointers.js';
import type { Lane } from '../../core/lanes.js';
import { emptyRegistry, emptySegment } from '../../core/registry-index.js';
import type { Head, Registry, RegistrySegment } from '../../core/schema.js';
import { sleep } from '../../core/sleep.js';
import { pathWithin } from '../contains.js';
import { gitCheckoutOf, inGitCheckout } from '../git-worktree.js';
import { laneFor } from '../lane-of.js';
import type { RunOutput, StorePort, StoreReader, StoreTx, TransactionOptions } from '../port.js';
import { atomicWriteFile, ensureDir } from './atomic-write.js';
import { assertTracksRoot, holdsTracks, needsRefresh, newCloneId, refreshedRegistry } from './derived.js';
import { DocumentReader } from './documents.js';
import { io, isErrno } from './fs-seam.js';
import { journalOverlay, type PendingContent, rollForward } from './journal.js';
import { CLOSED_REGISTRY_FILE, HEAD_FILE, REGISTRY_FILE, TRACK_FILES_FILE } from './layout.js';
import { acquireLock, LOCK_FILE, releaseLock } from './lock.js';
import { assertRootTrusted, defaultRootFor, discoverRoot, type RootLocation } from './paths.js';
import { cachedDocument } from './read-cache.js';
import { runOutput } from './runs.js';
import { DiskSource } from './source.js';
import { FileTx } from './transaction.js';
import { FileReaderView, FileTxView } from './views.js';

export interface OpenOptions {
  root?: string | undefined;
  cwd?: string | undefined;
  allowForeignRoot?: boolean | undefined;
  /** The lane to act in by name (else TRACK_LANE, else the worktree `cwd` is in). */
  lane?: string | undefined;
}

const inTransaction = new AsyncLocalStorage<true>();

export interface LockOptions {
  lockTimeoutMs?: number | undefined;
}
const MAX_READ_ATTEMPTS = 40;
/** How long a read waits for the lock to write rebuilt derived files; past it, it rebuilds them in memory for itself. */
const READER_LOCK_WAIT_MS = 200;

/** The errors that keep a reader from writing derived files (busy lock, read-only place): it then rebuilds them in memory. */
const cannotWrite = (error: unknown): boolean =>
  error instanceof LockTimeoutError || isErrno(error, 'EACCES') || isErrno(error, 'EPERM') || isErrno(error, 'EROFS');

function storedHeadOf(reader: DocumentReader): Head | null | 'unreadable' {
  try {
    return reader.storedHead();
  } catch {
    return 'unreadable';
  }
}

/** The journal's pending contents with rebuilt derived files over them. */
function withDerived(journal: Map<string, PendingContent> | null, derived: Map<string, PendingContent> | null): Map<string, PendingContent> | null {
  if (!derived) return journal;
  return new Map([...(journal ?? []), ...derived]);
}

/** A reader whose registry segments may come from the 5 s read cache. */
class CachedReader extends DocumentReader {
  override registry(): Registry {
    const path = this.source.absolute(REGISTRY_FILE);
    return cachedDocument(path, () => super.registry()) as Registry;
  }

  override closedSegment(): RegistrySegment {
    const path = this.source.absolute(CLOSED_REGISTRY_FILE);
    return cachedDocument(path, () => super.closedSegment()) as RegistrySegment;
  }
}

/** The default store: one directory of JSON documents, journaled transactions, an O_EXCL lock. */
export class FileStore implements StorePort {
  private constructor(
    readonly location: RootLocation,
    readonly lane: Lane,
  ) {}

  get root(): string {
    return this.location.root;
  }

  get projectDir(): string {
    return this.location.projectDir;
  }

  /** Beside the tracks root: `.claude/conductor/workflows`. */
  get workflowsDir(): string {
    return join(dirname(this.root), 'workflows');
  }

  /** Beside the tracks root: `.claude/conductor/templates`. */
  get templatesDir(): string {
    return join(dirname(this.root), 'templates');
  }

  contains(path: string): boolean {
    return pathWithin(this.root, path);
  }

  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> {
    return this.readDocuments((reader) => {
      const clone = reader.head().clone;
      return fn(new FileReaderView(reader, clone ? { ...this.lane, clone } : this.lane));
    });
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.transactDocuments((tx) => fn(new FileTxView(tx)), options);
  }

  /** The run's directory; its logs and command records are written there, without the lock (it is the runner's own). */
  async openRunOutput(trackId: string, runId: string): Promise<RunOutput> {
    return runOutput(this.root, trackId, runId);
  }

  static open(options: OpenOptions = {}): FileStore {
    const checkout = gitCheckoutOf(options.cwd ?? process.cwd());
    const location = discoverRoot(options, checkout);
    assertRootTrusted(location.root, Boolean(options.allowForeignRoot));
    assertTracksRoot(location.root);
    return new FileStore(location, laneFor(options.lane, checkout, location.projectDir));
  }

  /** Creates the root and its registry; a no-op on a root that already has one. */
  static init(options: OpenOptions = {}): { store: FileStore; created: boolean } {
    const checkout = gitCheckoutOf(options.cwd ?? process.cwd());
    const location = defaultRootFor(options, checkout);
    const lane = laneFor(options.lane, checkout, location.projectDir);
    ensureDir(location.root, location.projectDir);
    assertRootTrusted(location.root, Boolean(options.allowForeignRoot));
    const registryPath = join(location.root, REGISTRY_FILE);
    let created = false;
    try {
      io.lstatSync(registryPath);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      // A root that already holds tracks (a fresh clone) gets its derived files rebuilt from them at first use.
      if (holdsTracks(location.root)) return { store: new FileStore(location, lane), created };
      const at = new Date().toISOString();
      atomicWriteFile(join(location.root, CLOSED_REGISTRY_FILE), `${JSON.stringify(emptySegment('closed', at))}\n`);
      const registry = emptyRegistry(at);
      if (inGitCheckout(location.root)) registry.clone = newCloneId();
      atomicWriteFile(join(location.root, HEAD_FILE), toJsonText(headOf(registry)));
      atomicWriteFile(registryPath, `${JSON.stringify(registry)}\n`);
      created = true;
    }
    return { store: new FileStore(location, lane), created };
  }

  /**
   * A consistent read without the lock: it retries if a transaction committed while it read
   * (the generation moved), and sees a crashed writer's journal as the committed state.
   */
  async readDocuments<T>(fn: (reader: DocumentReader) => T | Promise<T>): Promise<T> {
    let derived: Map<string, PendingContent> | null = null;
    for (let attempt = 0; ; attempt++) {
      let reader = this.readerOver(withDerived(journalOverlay(this.root), derived));
      if (attempt === 0) {
        const head = storedHeadOf(reader);
        if (head !== 'unreadable' && needsRefresh(this.root, head)) {
          derived = await this.derivedForReading(reader);
          reader = this.readerOver(withDerived(journalOverlay(this.root), derived));
        }
      }
      const before = reader.head().generation;
      const result = await fn(reader);
      const after = new DocumentReader(new DiskSource(this.root, withDerived(journalOverlay(this.root), derived)), this.projectDir).head().generation;
      if (before === after) return result;
      if (attempt >= MAX_READ_ATTEMPTS) {
        throw new TrackError('LOCK_TIMEOUT', 'the store kept changing while it was being read', 'retry the command');
      }
      await sleep(1 + Math.random() * 5);
    }
  }

  /** A reader of the disk, seen through `overlay` when there is one (else through the read cache). */
  private readerOver(overlay: Map<string, PendingContent> | null): DocumentReader {
    return overlay ? new DocumentReader(new DiskSource(this.root, overlay), this.projectDir) : new CachedReader(new DiskSource(this.root), this.projectDir);
  }

  /**
   * Derived files found missing or older than the last git operation: rebuilt and written (under
   * the lock, briefly waited for), then null; a reader that cannot write them gets them rebuilt in
   * memory, for itself.
   */
  private async derivedForReading(reader: DocumentReader): Promise<Map<string, PendingContent> | null> {
    try {
      await this.transactDocuments(() => undefined, { lockTimeoutMs: READER_LOCK_WAIT_MS });
      return null;
    } catch (error) {
      if (!cannotWrite(error)) throw error;
    }
    const { open, closed } = refreshedRegistry(reader, new Date().toISOString());
    return new Map<string, PendingContent>([
      [REGISTRY_FILE, `${JSON.stringify(open)}\n`],
      ...(closed ? ([[CLOSED_REGISTRY_FILE, `${JSON.stringify(closed)}\n`]] as const) : []),
      [HEAD_FILE, toJsonText(headOf(open))],
    ]);
  }

  /**
   * Runs `fn` under the lock as one transaction. Transactions never nest. `lockTimeoutMs` lets a
   * caller that must not linger (a hook) give up early on a busy lock.
   */
  async transactDocuments<T>(fn: (tx: FileTx) => T | Promise<T>, options: LockOptions = {}): Promise<T> {
    return this.lockedTransaction(() => undefined, fn, options);
  }

  /**
   * A transaction for `track doctor --fix`: `prepare` runs under the lock before a leftover
   * journal is rolled forward, so it can quarantine a damaged journal or file first.
   */
  async repairTransaction<T>(prepare: () => void, fn: (tx: FileTx) => T | Promise<T>): Promise<T> {
    return this.lockedTransaction(prepare, fn, {});
  }

  private async lockedTransaction<T>(prepare: () => void, fn: (tx: FileTx) => T | Promise<T>, options: LockOptions): Promise<T> {
    if (inTransaction.getStore()) {
      throw new TrackError('INTERNAL', 'a transaction was opened inside another transaction', 'this is a bug in track-manager; please report it');
    }
    const lock = await acquireLock(join(this.root, LOCK_FILE), options.lockTimeoutMs);
    try {
      prepare();
      rollForward(this.root);
      const tx = new FileTx(this.root, this.projectDir, new Date().toISOString(), this.lane);
      const head = storedHeadOf(tx);
      if (head !== 'unreadable' && needsRefresh(this.root, head)) {
        const refreshed = refreshedRegistry(tx, tx.at);
        if (refreshed.closed) tx.replaceRegistry(refreshed.open, refreshed.closed);
        else tx.replaceOpenSegment(refreshed.open);
        if (refreshed.filesText !== null) tx.stage(TRACK_FILES_FILE, refreshed.filesText);
      }
      const result = await inTransaction.run(true, () => fn(tx));
      tx.commit();
      return result;
    } finally {
      releaseLock(lock);
    }
  }
}

export type { DocumentReader, FileTx };
