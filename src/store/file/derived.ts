/**
 * The registry segments and the head are derived from the track documents and this clone's
 * pointers, and never committed: a fresh clone has none, and a git checkout, pull or merge changes
 * track documents behind the store's back. Both are noticed cheaply before anything is read:
 * missing files by their absence, a git operation by the checkout's index, which git rewrites on
 * every one (the head records the index it was last checked against). Checking then stats every
 * track document and re-reads only those whose inode, size or time differ from the last check
 * (`track-registry.files.json`), so a merge into a store of thousands of tracks costs a directory
 * listing and one stat per track.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../core/canonical.js';
import { TrackError } from '../../core/errors.js';
import { hint, run } from '../../core/hint.js';
import { validateTrackId } from '../../core/ids.js';
import { parseJsonText } from '../../core/json.js';
import { rebuildRegistry, refreshRegistry } from '../../core/registry-rebuild.js';
import { CLONE_ID_LENGTH, type Registry, type RegistrySegment, type Track } from '../../core/schema.js';
import { gitIndexOf, inGitCheckout } from '../git-worktree.js';
import { randomNameTag } from '../name-tag.js';
import type { DocumentReader } from './documents.js';
import { io, isErrno } from './fs-seam.js';
import { JOURNAL_FILE } from './journal.js';
import { CLOSED_REGISTRY_FILE, HEAD_FILE, REGISTRY_FILE, TRACK_FILES_FILE, trackFile } from './layout.js';
import { hasLocalIgnore } from './local-files.js';

const FILES_FORMAT = 'track-files/1';

/** A new clone id (see CLONE_ID_PATTERN). */
export const newCloneId = (): string => randomNameTag(CLONE_ID_LENGTH);

function signature(path: string): string | null {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return null;
    throw error;
  }
}

/** The git index's signature now; undefined when the store is not in a git checkout (or it has no index yet). */
export function gitIndexSignature(root: string): string | undefined {
  const path = gitIndexOf(root);
  return (path && signature(path)) ?? undefined;
}

/** Whether the derived files must be rebuilt or checked before a read: given what the head says. */
export function needsRefresh(root: string, head: { git_index?: string | undefined } | null): boolean {
  if (head === null || signature(join(root, REGISTRY_FILE)) === null) return true;
  return head.git_index !== gitIndexSignature(root);
}

function readSignatures(reader: DocumentReader): Record<string, string> {
  const text = reader.readRaw(TRACK_FILES_FILE);
  if (text === null) return {};
  try {
    const doc = parseJsonText(text, TRACK_FILES_FILE) as { format?: unknown; tracks?: unknown };
    if (doc?.format !== FILES_FORMAT || typeof doc.tracks !== 'object' || doc.tracks === null) return {};
    return Object.fromEntries(Object.entries(doc.tracks).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function isTrackDirName(name: string): boolean {
  try {
    return validateTrackId(name) === name;
  } catch {
    return false;
  }
}

/**
 * Refuses a directory that is not a tracks root: none of the store's own files, no `.gitignore`
 * that `track init` wrote, no track document. A read there would write derived files, and doctor
 * repairs whatever lies under its root: `--root ~` must touch nothing.
 */
export function assertTracksRoot(root: string): void {
  for (const name of [REGISTRY_FILE, HEAD_FILE, CLOSED_REGISTRY_FILE, JOURNAL_FILE]) if (signature(join(root, name)) !== null) return;
  if (hasLocalIgnore(root) || holdsTracks(root)) return;
  throw new TrackError(
    'ROOT_NOT_FOUND',
    `${root} is not a tracks root (it holds no ${REGISTRY_FILE} and no track)`,
    hint`pass the tracks root with --root, or ${run('init')}`,
  );
}

/** Whether the root holds a track document (a fresh clone of a repository with committed tracks). */
export function holdsTracks(root: string): boolean {
  return io.readdirSync(root).some((name) => isTrackDirName(name) && signature(join(root, name, 'track.json')) !== null);
}

/**
 * The track, or null when its document cannot be read now (left in conflict by an unfinished merge,
 * damaged): its summary stays as it was and its signature is not recorded, so it is read again at the
 * next check. A command that opens it reports why; doctor names it.
 */
function readable(reader: DocumentReader, id: string, signatures: Record<string, string>): Track | null {
  try {
    return reader.getTrack(id);
  } catch (error) {
    if (!(error instanceof TrackError)) throw error;
    delete signatures[id];
    return null;
  }
}

export interface Refreshed {
  open: Registry;
  closed: RegistrySegment;
  /** The new `track-registry.files.json`. */
  filesText: string;
}

/**
 * Both registry segments as the track documents on disk say now, from the stored ones when they
 * can be read (only changed documents are read again), else rebuilt from every document.
 */
export function refreshedRegistry(reader: DocumentReader, at: string): Refreshed {
  const gitIndex = gitIndexSignature(reader.root);
  const signatures: Record<string, string> = {};
  for (const name of io.readdirSync(reader.root)) {
    if (!isTrackDirName(name)) continue;
    const sig = signature(reader.pathOf(trackFile(name)));
    if (sig !== null) signatures[name] = sig;
  }
  const stored = storedSegments(reader);
  const head = reader.storedHead();
  // Decided first: tracks another clone's lanes hold get no pointer here.
  const clone = stored?.open.clone ?? head?.clone ?? (inGitCheckout(reader.root) ? newCloneId() : undefined);
  let open: Registry;
  let closed: RegistrySegment;
  if (stored) {
    ({ open, closed } = stored);
    if (clone) open.clone = clone;
    const before = readSignatures(reader);
    const known = new Set([...Object.keys(open.tracks), ...Object.keys(closed.tracks)]);
    const changed: Track[] = [];
    const onDisk = new Set(Object.keys(signatures));
    for (const [id, sig] of Object.entries(signatures)) {
      if (known.has(id) && before[id] === sig) continue;
      const track = readable(reader, id, signatures);
      if (track) changed.push(track);
    }
    const gone = [...known].filter((id) => !onDisk.has(id));
    refreshRegistry(open, closed, changed, gone, at);
  } else {
    const tracks = Object.keys(signatures).flatMap((id) => readable(reader, id, signatures) ?? []);
    const previous = {
      generation: head?.generation ?? 0,
      nextSequence: 1,
      activeTrackId: head?.active_track_id ?? null,
      lanes: head?.lanes,
      clone,
    };
    ({ open, closed } = rebuildRegistry(tracks, previous, at));
  }
  if (gitIndex === undefined) delete open.git_index;
  else open.git_index = gitIndex;
  return { open, closed, filesText: `${canonicalJson({ format: FILES_FORMAT, tracks: signatures })}\n` };
}

/** The stored segments, when both read; null when either is missing or damaged (then everything is rebuilt). */
function storedSegments(reader: DocumentReader): { open: Registry; closed: RegistrySegment } | null {
  try {
    const open = reader.storedRegistry();
    return open ? { open, closed: reader.closedSegment() } : null;
  } catch {
    return null;
  }
}
