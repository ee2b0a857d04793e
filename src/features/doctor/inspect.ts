/** Gathers, without the lock and without changing anything, every fact `track doctor` checks. */

import { verifyCheckpoint } from '../../core/checkpoint-seal.js';
import { MergeConflictError, TrackError } from '../../core/errors.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import type { Checkpoint, Head, Registry, RegistrySegment, Run, Track } from '../../core/schema.js';
import { DocumentReader } from '../../store/file/documents.js';
import { JOURNAL_FILE, journalOverlay, readJournal } from '../../store/file/journal.js';
import { RUNS_DIR_NAME, trackFile } from '../../store/file/layout.js';
import { isStale, LOCK_FILE, type LockToken, readLockToken } from '../../store/file/lock.js';
import { OBJECTS_DIR, readObject } from '../../store/file/objects.js';
import { findRun, listRunIds } from '../../store/file/runs.js';
import { LOST_AND_FOUND, lostAndFoundReferences, type ScannedEntry, scanTree } from '../../store/file/scan.js';
import { DiskSource } from '../../store/file/source.js';
import { FileReaderView } from '../../store/file/views.js';
import { isProvablyGone } from '../../store/process-identity.js';
import { loadVerifiedCheckpoint } from '../checkpoints/snapshot.js';
import { ARTIFACTS, ASSUMPTIONS, DECISIONS, type Kind, LEARNINGS, readContextDoc } from '../notes/notes-docs.js';

/** `conflict`: the file holds git's conflict markers (an unresolved merge), which only the user resolves. */
export type Readable<T> = { ok: true; value: T } | { ok: false; reason: string; conflict?: true };

export interface LockState {
  owner: LockToken | null;
  ino: number;
  /** Its owner is provably gone (or it is stale by the lock's own rule): safe to break. */
  dead: boolean;
}

export interface TrackDirectory {
  id: string;
  track: Readable<Track>;
  checkpoints: Array<{ id: string; checkpoint: Readable<Checkpoint> }>;
  /** The context documents present in `context/`, parsed and validated against their schemas. */
  context: Array<{ file: string; doc: Readable<unknown> }>;
  /** Objects referenced by a readable checkpoint or the artifact manifest that are missing or damaged. */
  badObjects: Array<{ path: string; reason: string }>;
  /** Every object any checkpoint or the manifest references; null when one of them is unreadable (so nothing is provably unreferenced). */
  referenced: Set<string> | null;
  /** No track.json and nothing but objects: what an interrupted import leaves (its objects are written before it commits). */
  onlyObjects: boolean;
  runs: Array<{ id: string; run: Readable<Run> }>;
}

export interface Inspection {
  root: string;
  entries: ScannedEntry[];
  lock: LockState | null;
  journal: 'none' | 'valid' | 'damaged';
  /** A live process holds the lock: a journal or temp files may belong to its running transaction. */
  writerAlive: boolean;
  directories: TrackDirectory[];
  registry: Readable<Registry>;
  closed: Readable<RegistrySegment>;
  head: Readable<Head>;
}

/** The first line of an error, with the root's absolute path left out (problems name paths relative to it). */
const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error))
    .split('\n')[0]
    ?.replace(/^\/\S*?: /, '')
    .slice(0, 300) ?? 'unreadable';

async function attempt<T>(fn: () => T | null | Promise<T | null>, missing: string): Promise<Readable<T>> {
  try {
    const value = await fn();
    return value === null ? { ok: false, reason: missing } : { ok: true, value };
  } catch (error) {
    return { ok: false, reason: reasonOf(error), ...(error instanceof MergeConflictError ? { conflict: true as const } : {}) };
  }
}

function inspectLock(root: string): LockState | null {
  const judged = isStale(`${root}/${LOCK_FILE}`);
  if (!judged) return null;
  const owner = judged.owner ?? readLockToken(`${root}/${LOCK_FILE}`);
  return { owner, ino: judged.ino, dead: judged.stale || (owner !== null && isProvablyGone(owner)) };
}

export function inspectJournal(root: string): Inspection['journal'] {
  try {
    return readJournal(root) ? 'valid' : 'none';
  } catch {
    return 'damaged';
  }
}

/** Top-level directories that are not tracks. Features that keep a root-level directory add it here. */
export const NON_TRACK_DIRECTORIES: ReadonlySet<string> = new Set([LOST_AND_FOUND]);

/** True when every entry under the directory `id` is its `objects/` folder or an object file in it. */
/**
 * A directory holding nothing but artifact objects or this clone's run records (never committed):
 * what stays of a track that a git checkout took away, or that an interrupted command left. Not damage.
 */
function holdsOnlyObjects(entries: ScannedEntry[], id: string): boolean {
  const kept = [`${id}/${OBJECTS_DIR}`, `${id}/${RUNS_DIR_NAME}`];
  const below = entries.filter((e) => e.relative.startsWith(`${id}/`));
  return below.length > 0 && below.every((e) => kept.some((dir) => (e.relative === dir && e.stats.isDirectory()) || e.relative.startsWith(`${dir}/`)));
}

async function inspectDirectory(reader: DocumentReader, id: string, entries: ScannedEntry[], quarantined: Set<string> | null): Promise<TrackDirectory> {
  // Checkpoints and runs are lane-free reads: any lane will do.
  const port = new FileReaderView(reader, { id: DEFAULT_LANE, worktree: null });
  const track = await attempt(() => {
    if (reader.readRaw(trackFile(id)) === null) return null;
    return reader.getTrack(id);
  }, 'has no track.json');
  let checkpointIds: string[] = [];
  try {
    checkpointIds = reader.listCheckpoints(id);
  } catch {
    /* an unlistable checkpoints folder shows up in the tree scan */
  }
  const checkpoints: TrackDirectory['checkpoints'] = [];
  for (const checkpointId of checkpointIds) {
    checkpoints.push({
      id: checkpointId,
      checkpoint: await attempt(() => {
        const checkpoint = reader.readCheckpoint(id, checkpointId);
        verifyCheckpoint(checkpoint);
        if (checkpoint.track_id !== id || checkpoint.checkpoint_id !== checkpointId) {
          throw new TrackError('CORRUPT_STORE', `holds ${checkpoint.track_id}/${checkpoint.checkpoint_id}`);
        }
        return checkpoint;
      }, 'is missing'),
    });
  }
  const context: TrackDirectory['context'] = [];
  for (const kind of [DECISIONS, ASSUMPTIONS, LEARNINGS, ARTIFACTS] as Array<Kind<unknown>>) {
    let present = false;
    try {
      present = reader.readContext(id, kind.file) !== null;
    } catch {
      present = true;
    }
    if (present) context.push({ file: kind.file, doc: await attempt<unknown>(() => readContextDoc(port, id, kind), 'is missing') });
  }
  // What a quarantined file names stays referenced: its objects may be needed to recover it.
  let referenced: Set<string> | null = quarantined === null ? null : new Set(quarantined);
  const badObjects: TrackDirectory['badObjects'] = [];
  for (const { id: checkpointId, checkpoint } of checkpoints) {
    if (!checkpoint.ok) {
      referenced = null;
      continue;
    }
    for (const ref of [...Object.values(checkpoint.value.context_objects ?? {}), ...(checkpoint.value.artifacts ?? [])]) referenced?.add(ref.sha256);
    // The same verification as 'track checkpoint verify', which also proves every object it references.
    const verified = await attempt(() => loadVerifiedCheckpoint(port, id, checkpointId), 'is missing');
    if (!verified.ok) badObjects.push({ path: `${id}/checkpoints/${checkpointId}.json`, reason: verified.reason });
  }
  const onlyObjects = !track.ok && track.reason === 'has no track.json' && holdsOnlyObjects(entries, id);
  const manifest = await attempt(() => readContextDoc(port, id, ARTIFACTS), 'is missing');
  if (!manifest.ok) {
    if (!onlyObjects) referenced = null;
  } else
    for (const item of manifest.value.items) {
      referenced?.add(item.sha256);
      const object = await attempt(() => readObject(reader.root, id, item.sha256, item.size), 'is missing');
      if (!object.ok) badObjects.push({ path: `${id}/${OBJECTS_DIR}/${item.sha256}`, reason: `artifact '${item.name}': ${object.reason}` });
    }
  let runIds: string[] = [];
  try {
    runIds = listRunIds(reader, id);
  } catch {
    /* an unlistable workflows folder shows up in the tree scan */
  }
  // A run folder without run.json (quarantined, or logs of a run that never committed) is left alone.
  const runs: TrackDirectory['runs'] = [];
  for (const runId of runIds) {
    const run = await attempt(() => findRun(reader, id, runId), 'has no run.json');
    if (run.ok || run.reason !== 'has no run.json') runs.push({ id: runId, run });
  }
  return { id, track, checkpoints, context, badObjects, referenced, onlyObjects, runs };
}

/** One pass over the root. The documents are seen as committed: through a pending journal, if any. */
export async function inspect(root: string): Promise<Inspection> {
  const entries = scanTree(root);
  const lock = inspectLock(root);
  const journal = inspectJournal(root);
  const overlay = journal === 'valid' ? journalOverlay(root) : null;
  const reader = new DocumentReader(new DiskSource(root, overlay), root);
  const names = new Set(entries.filter((e) => e.relative !== '' && !e.relative.includes('/') && e.stats.isDirectory()).map((e) => e.relative));
  // A committed-but-unapplied transaction may create a track directory that is not on disk yet.
  for (const [path, data] of overlay ?? []) if (data !== null && path.includes('/')) names.add(path.slice(0, path.indexOf('/')));
  const quarantined = lostAndFoundReferences(root);
  const directories: TrackDirectory[] = [];
  for (const name of [...names].filter((n) => !NON_TRACK_DIRECTORIES.has(n)).sort())
    directories.push(await inspectDirectory(reader, name, entries, quarantined));
  return {
    root,
    entries,
    lock,
    journal,
    writerAlive: lock !== null && !lock.dead,
    directories,
    registry: await attempt(() => reader.registry(), 'is missing'),
    closed: await attempt(() => (reader.readRaw('track-registry.closed.json') === null ? null : reader.closedSegment()), 'is missing'),
    head: await attempt(() => (reader.readRaw('track-head.json') === null ? null : reader.head()), 'is missing'),
  };
}

export { JOURNAL_FILE, LOCK_FILE };
