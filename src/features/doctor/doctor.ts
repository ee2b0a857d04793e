/**
 * `track doctor`: verifies the whole tracks root without the lock, and with `--fix` repairs what
 * is safely repairable under the lock, in one transaction where registry files are rewritten.
 */
import { join } from 'node:path';
import { rebuildRegistry } from '../../core/registry-rebuild.js';
import { sleep } from '../../core/sleep.js';
import { assertTracksRoot } from '../../store/file/derived.js';
import { DocumentReader } from '../../store/file/documents.js';
import type { FileStore } from '../../store/file/file-store.js';
import { io } from '../../store/file/fs-seam.js';
import { acquireLock, breakStaleLock, LOCK_FILE, releaseLock } from '../../store/file/lock.js';
import { quarantine, removeIfEmpty, removeLeftover, restrictMode } from '../../store/file/repair.js';
import { DiskSource } from '../../store/file/source.js';
import { CHECKS } from './checks.js';
import { type Inspection, inspect, inspectJournal, JOURNAL_FILE } from './inspect.js';
import type { DoctorSettings, Problem } from './problem.js';
import { releaseStaleLanes, staleAfterFrom } from './stale-lanes.js';

export interface DoctorReport {
  root: string;
  /** True when no problem remains but harmless ones (which --fix removes). */
  healthy: boolean;
  /** Problems found (before any repair). */
  problems: Problem[];
  /** With --fix: what was repaired, and where damaged files were moved. */
  fixed: Array<Problem & { moved_to?: string }>;
  /** Problems still present: each names the command or action that fixes it. */
  remaining: Problem[];
}

export type DoctorStore = Pick<FileStore, 'root' | 'repairTransaction' | 'read' | 'transaction'>;

const UNLOCKED_SCANS = 5;

const isHealthy = (problems: readonly Problem[]): boolean => problems.every((p) => p.harmless === true);

function problemsOf(inspection: Inspection, settings?: DoctorSettings): Problem[] {
  return CHECKS.flatMap((check) => check.run(inspection, settings));
}

/** The store generation and whether a journal is pending: a scan is consistent if this did not move. */
function marker(root: string): string {
  let generation = 'unreadable';
  try {
    generation = String(new DocumentReader(new DiskSource(root), root).head().generation);
  } catch {
    /* a damaged head is reported by the registry check */
  }
  return `${generation}:${journalPending(root)}`;
}

function journalPending(root: string): boolean {
  try {
    io.lstatSync(join(root, JOURNAL_FILE));
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks the root without taking the lock, rescanning while a writer commits under it. When
 * writers committed through every scan, no scan saw one state of the store, and what it found may
 * be two moments stitched together (a track renamed after it was read, before the registry was):
 * the last scan is made under the lock, with writers held off.
 */
export async function diagnose(store: Pick<FileStore, 'root'>, settings?: DoctorSettings): Promise<Problem[]> {
  for (let attempt = 0; attempt < UNLOCKED_SCANS; attempt++) {
    const before = marker(store.root);
    const problems = problemsOf(await inspect(store.root), settings);
    if (marker(store.root) === before) return problems;
    await sleep(5 + Math.random() * 20);
  }
  const lock = await acquireLock(join(store.root, LOCK_FILE));
  try {
    // The lock is ours and we write nothing: no writer is alive, and a journal is a dead one's.
    return problemsOf({ ...(await inspect(store.root)), lock: null, writerAlive: false }, settings);
  } finally {
    releaseLock(lock);
  }
}

const key = (p: Problem): string => `${p.check}\u0000${p.path}\u0000${p.problem}`;

/** Applies the file-level repairs of one inspection made under the lock; returns where things moved. */
function applyRepairs(root: string, problems: Problem[], moved: Map<string, string>): void {
  const gone: string[] = [];
  const isGone = (path: string): boolean => gone.some((g) => path === g || path.startsWith(`${g}/`));
  for (const problem of problems) {
    const repair = problem.repair;
    if (repair.kind === 'quarantine' && !isGone(repair.path)) {
      moved.set(key(problem), quarantine(root, repair.path));
      gone.push(repair.path);
    } else if (repair.kind === 'remove' && !isGone(repair.path)) {
      removeLeftover(root, repair.path);
      for (const dir of repair.prune ?? []) removeIfEmpty(root, dir);
      gone.push(repair.path);
    }
  }
  for (const problem of problems) {
    const repair = problem.repair;
    if (repair.kind === 'restrict-mode' && !isGone(repair.path)) restrictMode(root, repair.path, repair.directory);
  }
}

/**
 * Brings the derived files up to date first, as every command does after a checkout, pull or merge:
 * what doctor then compares with the track documents is the store as commands see it. A store too
 * damaged to read is left as it is, for the checks to describe.
 */
async function refreshDerivedFiles(store: DoctorStore): Promise<void> {
  try {
    await store.read(async () => undefined);
  } catch {
    /* reported by the checks below */
  }
}

/**
 * Verifies the root and repairs what is safely repairable; what could not be fixed stays in `remaining`.
 * `staleAfterMs`: how long a named lane may be idle before its track is released (default: TRACK_STALE_AFTER, else 24 h).
 */
export async function doctor(store: DoctorStore, options: { fix: boolean; staleAfterMs?: number | undefined }): Promise<DoctorReport> {
  assertTracksRoot(store.root);
  await refreshDerivedFiles(store);
  const settings: DoctorSettings = { staleAfterMs: options.staleAfterMs ?? staleAfterFrom(undefined) };
  const problems = await diagnose(store, settings);
  if (!options.fix || problems.length === 0) {
    return { root: store.root, healthy: isHealthy(problems), problems, fixed: [], remaining: problems };
  }
  const moved = new Map<string, string>();
  const lock = (await inspect(store.root)).lock;
  if (lock?.dead) breakStaleLock(`${store.root}/${LOCK_FILE}`, lock.ino);
  // No locker ever creates anything but a regular file (O_EXCL|O_NOFOLLOW): a symlink there is planted, and blocks the lock.
  const plantedLock = problems.find((p) => p.path === LOCK_FILE && p.repair.kind === 'quarantine');
  if (plantedLock) moved.set(key(plantedLock), quarantine(store.root, LOCK_FILE));
  await store.repairTransaction(
    () => {
      // We hold the lock, so a journal that does not read back is damaged, not half-written: set it aside before roll-forward.
      if (inspectJournal(store.root) !== 'damaged') return;
      const journalProblem = problems.find((p) => p.path === JOURNAL_FILE);
      const movedTo = quarantine(store.root, JOURNAL_FILE);
      if (journalProblem) moved.set(key(journalProblem), movedTo);
    },
    async (tx) => {
      applyRepairs(store.root, problemsOf(await inspect(store.root)), moved);
      const after = await inspect(store.root);
      if (!problemsOf(after).some((p) => p.repair.kind === 'rebuild-registry')) return;
      const tracks = after.directories.flatMap((d) => (d.track.ok ? [d.track.value] : []));
      const old = after.registry.ok ? after.registry.value : null;
      const generation = Math.max(old?.generation ?? 0, after.head.ok ? after.head.value.generation : 0, after.closed.ok ? after.closed.value.generation : 0);
      const rebuilt = rebuildRegistry(
        tracks,
        { generation, nextSequence: old?.next_sequence ?? 1, activeTrackId: old?.active_track_id ?? null, lanes: old?.lanes, clone: old?.clone },
        tx.at,
      );
      tx.replaceRegistry(rebuilt.open, rebuilt.closed);
    },
  );
  // Pausing a track writes a checkpoint: a store transaction of its own, once the files are sound.
  await releaseStaleLanes(store, new Set(problems.flatMap((p) => (p.repair.kind === 'release-lane' ? [p.repair.lane] : []))), settings);
  const remaining = await diagnose(store, settings);
  const left = new Set(remaining.map(key));
  const fixed = problems.filter((p) => !left.has(key(p))).map((p) => (moved.has(key(p)) ? { ...p, moved_to: moved.get(key(p)) as string } : p));
  return { root: store.root, healthy: isHealthy(remaining), problems, fixed, remaining };
}
