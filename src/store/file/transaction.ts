import { canonicalJson } from '../../core/canonical.js';
import { seal, type UnsealedCheckpoint } from '../../core/checkpoint-seal.js';
import { TrackError } from '../../core/errors.js';
import { toJsonText } from '../../core/json.js';
import { activePointers, clearPointersTo, forgetLane, headOf, heldByOtherClone, pointerOf, setPointer, touchLane } from '../../core/lane-pointers.js';
import { DEFAULT_LANE, type Lane } from '../../core/lanes.js';
import { isClosed } from '../../core/lifecycle.js';
import { segmentDelete, segmentPut, summarize } from '../../core/registry-index.js';
import { CHECKPOINT_ID, type Checkpoint, type Head, type Registry, type RegistrySegment, type Track, trackSchema } from '../../core/schema.js';
import { formatSequence, type NameTag, nextSequenceNumber } from '../../core/sequence-names.js';
import { normalizeTrack } from '../../core/track-factory.js';
import { parseInput } from '../../core/validate.js';
import { nameTaggerFor } from '../name-tag.js';
import { DocumentReader } from './documents.js';
import { applyOps, discardJournal, type PendingContent, removeJournal, toJournalOp, writeJournal } from './journal.js';
import { CLOSED_REGISTRY_FILE, checkpointFile, contextFile, HEAD_FILE, REGISTRY_FILE, trackFile } from './layout.js';
import { DiskSource } from './source.js';
import { stageWrittenCommands } from './trust-file.js';

/**
 * A write transaction. Reads always come from disk (never a cache) plus what this transaction
 * staged; nothing touches the disk until `commit`, which journals every change and applies it.
 */
export class FileTx extends DocumentReader {
  /** Staged writes (text) and deletes (null) by relative path, laid over the disk until commit. */
  private readonly staged: Map<string, PendingContent>;
  private registryDoc: Registry | null = null;
  private closedDoc: RegistrySegment | null = null;
  private closedDirty = false;
  private registryReplaced = false;
  private activeChanged = false;
  private registryDirty = false;
  /** Tracks whose document or context changed after the last checkpoint this transaction wrote of them. */
  private readonly unsaved = new Set<string>();
  private tagger: (() => NameTag) | null = null;

  constructor(
    root: string,
    projectDir: string,
    readonly at: string,
    /** The lane this transaction acts in: its active pointer is the one `head` gives and `setActive` moves. */
    readonly lane: Lane,
  ) {
    const staged = new Map<string, PendingContent>();
    super(new DiskSource(root, staged), projectDir);
    this.staged = staged;
  }

  override registry(): Registry {
    this.registryDoc ??= super.registry();
    return this.registryDoc;
  }

  override closedSegment(): RegistrySegment {
    this.closedDoc ??= super.closedSegment();
    return this.closedDoc;
  }

  override head(): Head {
    return headOf(this.registry());
  }

  stage(relative: string, content: PendingContent): void {
    this.source.absolute(relative);
    this.staged.set(relative, content);
    const [id, part] = relative.split('/');
    if (id && (part === 'track.json' || part === 'context')) this.unsaved.add(id);
  }

  /**
   * True when the track's document or context changed in this transaction after its last
   * checkpoint here. A paused track in that state cannot commit (see `commit`).
   */
  needsCheckpoint(trackId: string): boolean {
    return this.unsaved.has(trackId);
  }

  /** Writes the track, with derived fields recomputed, and keeps the registry in step. */
  putTrack(track: Track): Track {
    const saved = parseInput(trackSchema, normalizeTrack(track, this.at), 'update');
    this.putTrackDocument(saved, toJsonText(saved));
    return saved;
  }

  /** Writes a valid track's document as `text` (its exact bytes) and keeps the registry in step. */
  putTrackDocument(saved: Track, text: string): void {
    // Only a track that was closed can be in the closed segment: the segment (which grows with
    // history) is opened only then, never for the everyday moves between open states.
    const wasClosed = this.registry().tracks[saved.track_id] === undefined && isClosed(this.findTrack(saved.track_id)?.status ?? 'draft');
    this.stage(trackFile(saved.track_id), text);
    const summary = summarize(saved);
    const registry = this.registry();
    if (isClosed(saved.status)) {
      segmentDelete(registry, saved.track_id);
      segmentPut(this.closedSegment(), summary);
      this.closedDirty = true;
    } else {
      if (wasClosed && this.closedSegment().tracks[saved.track_id]) {
        segmentDelete(this.closedSegment(), saved.track_id);
        this.closedDirty = true;
      }
      segmentPut(registry, summary);
    }
    if (saved.status !== 'active') clearPointersTo(registry, saved.track_id);
    if (saved.status === 'active') this.activeChanged = true;
  }

  /** Replaces both registry segments wholesale (doctor's rebuild); commit bumps the generation past `open.generation`. */
  replaceRegistry(open: Registry, closed: RegistrySegment): void {
    this.registryDoc = open;
    this.closedDoc = closed;
    this.closedDirty = true;
    this.registryReplaced = true;
  }

  /** Replaces the open segment (derived files brought up to date when no closed track changed); the closed one stays as it is. */
  replaceOpenSegment(open: Registry): void {
    this.registryDoc = open;
    this.registryDirty = true;
  }

  /** Points this transaction's lane (or `laneId`) at the track (taking it from any other lane), or at none. */
  setActive(trackId: string | null, laneId = this.lane.id): void {
    const registry = this.registry();
    setPointer(registry, laneId, trackId, this.at);
    if (trackId) clearPointersTo(registry, trackId, laneId);
    this.activeChanged = true;
    this.registryDirty = true;
  }

  /** Drops the record of a lane that holds no track (its worktree is gone). */
  forgetLane(laneId: string): void {
    forgetLane(this.registry(), laneId);
    this.registryDirty = true;
  }

  /**
   * One active track per lane, one lane per active track: a transaction that made a track active,
   * or moved a pointer, must leave every active track named by exactly the pointer of the lane its
   * document names, and every pointer naming an active track. (A store already damaged otherwise
   * is left for doctor; only a transaction that touches the active tracks is held to it.)
   */
  private assertLanes(): void {
    if (!this.activeChanged) return;
    const registry = this.registry();
    const active = registry.indexes.by_status.active ?? [];
    const pointers = activePointers(registry);
    const problems: string[] = [];
    for (const id of active) {
      const summary = registry.tracks[id];
      if (summary && heldByOtherClone(summary, registry.clone)) continue;
      const lane = summary?.lane ?? DEFAULT_LANE;
      if (pointerOf(registry, lane) !== id) problems.push(`${id} is active in lane ${lane}, whose pointer names ${pointerOf(registry, lane) ?? 'no track'}`);
    }
    for (const [lane, id] of pointers) if (!active.includes(id)) problems.push(`lane ${lane} points at ${id}, which is not active`);
    if (problems.length) {
      throw new TrackError('INTERNAL', `refused to commit: ${problems.join('; ')}`, 'this is a bug in track-manager; please report it (nothing was written)');
    }
  }

  /** Makes sure later allocations never reissue a number below `minimum` (an imported id carries its own). */
  reserveSequence(minimum: number): void {
    const registry = this.registry();
    registry.next_sequence = Math.max(registry.next_sequence, minimum);
    this.registryDirty = true;
  }

  allocateSequence(): number {
    const registry = this.registry();
    const n = registry.next_sequence;
    registry.next_sequence = n + 1;
    this.registryDirty = true;
    return n;
  }

  /** A fresh tag for a name this transaction generates: random in a store shared through git, none elsewhere. */
  nameTag(): NameTag {
    this.tagger ??= nameTaggerFor(this.root);
    return this.tagger();
  }

  writeContext(trackId: string, name: string, text: string): void {
    this.stage(contextFile(trackId, name), text);
  }

  writeCheckpoint(body: Omit<UnsealedCheckpoint, 'checkpoint_id' | 'format'>): Checkpoint {
    const checkpointId = formatSequence('checkpoint', nextSequenceNumber(this.listCheckpoints(body.track_id), CHECKPOINT_ID), this.nameTag());
    const checkpoint = seal({ format: 'track-checkpoint/1', checkpoint_id: checkpointId, ...body });
    this.stage(checkpointFile(body.track_id, checkpointId), toJsonText(checkpoint));
    this.noteCheckpoint(body.track_id, body.track);
    return checkpoint;
  }

  /** A checkpoint written of the track holds this transaction's changes only if it holds the track as staged (however its file orders keys). */
  noteCheckpoint(trackId: string, checkpointTrack: unknown): void {
    const current = this.findTrack(trackId);
    if (current && canonicalJson(current) === canonicalJson(checkpointTrack)) this.unsaved.delete(trackId);
  }

  /**
   * Resuming a paused track restores its latest checkpoint, so a change to a paused track that no
   * checkpoint holds would be silently undone later. Refuse to commit one: every path that writes
   * a paused track checkpoints it in the same transaction.
   */
  private assertPausedTracksCheckpointed(): void {
    for (const id of this.unsaved) {
      if (this.findTrack(id)?.status !== 'paused') continue;
      throw new TrackError(
        'INTERNAL',
        `track '${id}' is paused and was changed without a checkpoint; resuming it would undo the change`,
        'nothing was written; this is a bug in track-manager, please report it',
        { track_id: id },
      );
    }
  }

  /** Journals and applies everything staged, bumping the store generation once. */
  commit(): void {
    // A transaction that only allocated a number or moved the pointer still commits (the registry changed).
    if (this.staged.size === 0 && !this.registryReplaced && !this.registryDirty) return;
    this.assertPausedTracksCheckpointed();
    this.assertLanes();
    stageWrittenCommands(this.root, this.staged, this.at);
    const registry = this.registry();
    touchLane(registry, this.lane.id, this.lane.worktree, this.at);
    registry.generation += 1;
    registry.updated_at = this.at;
    if (this.closedDirty) {
      const closed = this.closedSegment();
      closed.generation = registry.generation;
      closed.updated_at = this.at;
      registry.closed_segment = { file: CLOSED_REGISTRY_FILE, count: Object.keys(closed.tracks).length };
      this.stage(CLOSED_REGISTRY_FILE, `${canonicalJson(closed)}\n`);
    }
    this.stage(REGISTRY_FILE, `${canonicalJson(registry)}\n`);
    this.stage(HEAD_FILE, toJsonText(headOf(registry)));
    const ops = [...this.staged].map(([path, content]) => toJournalOp(path, content));
    try {
      writeJournal(this.root, ops, this.at);
    } catch (error) {
      // The journal may have been renamed into place before a later step (directory fsync) failed: the caller is told
      // the transaction failed, so it must not take effect later.
      discardJournal(this.root);
      throw error;
    }
    // From here the transaction is committed: the journal is durable and every reader sees it. If applying fails
    // (a full disk), the next transaction or 'track doctor --fix' rolls it forward; reporting failure would lie.
    try {
      applyOps(this.root, ops);
      removeJournal(this.root);
    } catch {
      /* left for roll-forward */
    }
  }
}
