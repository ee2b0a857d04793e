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
import { isClosed } from '../../core/lifecycle.js';
import { rebuildRegistry, refreshRegistry } from '../../core/registry-rebuild.js';
import { CLONE_ID_LENGTH, type Head, type Registry, type RegistrySegment, type Track } from '../../core/schema.js';
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

/** Each track document under the root with its signature: one directory listing, one stat per track (plain paths: a stat follows nothing it reads). */
function* trackDocuments(root: string): Generator<[id: string, signature: string]> {
  for (const name of io.readdirSync(root)) {
    if (!isTrackDirName(name)) continue;
    const sig = signature(join(root, trackFile(name)));
    if (sig !== null) yield [name, sig];
  }
}

/** Whether the root holds a track document (a fresh clone of a repository with committed tracks). */
export function holdsTracks(root: string): boolean {
  return !trackDocuments(root).next().done;
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
  /** The closed segment when it changed; null when no closed track did (it grows with history: not written again). */
  closed: RegistrySegment | null;
  /** The new `track-registry.files.json`; null when it would say what it says now. */
  filesText: string | null;
}

/**
 * Both registry segments as the track documents on disk say now, from the stored ones when they
 * can be read (only changed documents are read again), else rebuilt from every document.
 */
export function refreshedRegistry(reader: DocumentReader, at: string): Refreshed {
  const signatures = Object.fromEntries(trackDocuments(reader.root));
  const head = reader.storedHead();
  const open = storedOpenSegment(reader);
  // Decided first: tracks another clone's lanes hold get no pointer here.
  const clone = open?.clone ?? head?.clone ?? (inGitCheckout(reader.root) ? newCloneId() : undefined);
  const refreshed = (open && refreshStored(reader, open, signatures, clone, at)) ?? rebuildAll(reader, signatures, head, clone, at);
  const gitIndex = gitIndexSignature(reader.root);
  if (gitIndex === undefined) delete refreshed.open.git_index;
  else refreshed.open.git_index = gitIndex;
  return refreshed;
}

const filesText = (signatures: Record<string, string>): string => `${canonicalJson({ format: FILES_FORMAT, tracks: signatures })}\n`;

/** Every track document read, both segments built anew (no usable registry: a fresh clone). */
function rebuildAll(reader: DocumentReader, signatures: Record<string, string>, head: Head | null, clone: string | undefined, at: string): Refreshed {
  const tracks = Object.keys(signatures).flatMap((id) => readable(reader, id, signatures) ?? []);
  const previous = { generation: head?.generation ?? 0, nextSequence: 1, activeTrackId: head?.active_track_id ?? null, lanes: head?.lanes, clone };
  const { open, closed } = rebuildRegistry(tracks, previous, at);
  return { open, closed, filesText: filesText(signatures) };
}

/**
 * The stored segments updated with what changed since the last check; null when the closed segment
 * cannot be read (then everything is rebuilt). The closed segment is read only when needed: when a
 * track changed or vanished, or when tracks were made since the last check (their ids are not in
 * its signatures, so it alone can tell which of them are gone).
 */
function refreshStored(reader: DocumentReader, open: Registry, signatures: Record<string, string>, clone: string | undefined, at: string): Refreshed | null {
  if (clone) open.clone = clone;
  const before = readSignatures(reader);
  const openIds = Object.keys(open.tracks);
  const complete = Object.keys(before).length === openIds.length + open.closed_segment.count && openIds.every((id) => before[id] !== undefined);
  let closed = complete ? null : storedClosedSegment(reader);
  if (!complete && closed === null) return null;
  const known = new Set([...Object.keys(before), ...openIds, ...Object.keys(closed?.tracks ?? {})]);
  const onDisk = new Set(Object.keys(signatures));
  const changed: Track[] = [];
  for (const [id, sig] of Object.entries(signatures)) {
    if (known.has(id) && before[id] === sig) continue;
    const track = readable(reader, id, signatures);
    if (track) changed.push(track);
  }
  const gone = [...known].filter((id) => !onDisk.has(id));
  const same = Object.keys(before).length === Object.keys(signatures).length && Object.entries(signatures).every(([id, sig]) => before[id] === sig);
  if (changed.length || gone.length) {
    closed ??= storedClosedSegment(reader);
    if (closed === null) return null;
    const closedBefore = { ...closed.tracks };
    refreshRegistry(open, closed, changed, gone, at);
    const closedChanged = gone.some((id) => closedBefore[id]) || changed.some((t) => closedBefore[t.track_id] || isClosed(t.status));
    return { open, closed: closedChanged ? closed : null, filesText: same ? null : filesText(signatures) };
  }
  return { open, closed: null, filesText: same ? null : filesText(signatures) };
}

/** The stored open segment; null when missing or damaged (then everything is rebuilt). */
function storedOpenSegment(reader: DocumentReader): Registry | null {
  try {
    return reader.storedRegistry();
  } catch {
    return null;
  }
}

/** The stored closed segment; null when damaged. */
function storedClosedSegment(reader: DocumentReader): RegistrySegment | null {
  try {
    return reader.closedSegment();
  } catch {
    return null;
  }
}
