import { resolve } from 'node:path';
import { seal, verifyCheckpoint } from '../../core/checkpoint-seal.js';
import { ChecksumMismatchError, ConflictError, TrackError, UnsafePathError, ValidationError } from '../../core/errors.js';
import { shellWord } from '../../core/face-commands.js';
import { sha256Hex } from '../../core/hash.js';
import { cmd, hint, renderHint } from '../../core/hint.js';
import { makeTrackId, slugify, validateTrackId } from '../../core/ids.js';
import { decodeUtf8, parseJsonText, toJsonText, validateDocument } from '../../core/json.js';
import { assertPlainName } from '../../core/names.js';
import { minimumNextSequence } from '../../core/registry-rebuild.js';
import { bundleSchema, type Checkpoint, checkpointSchema, type Track, type TrackBundle, trackSchema } from '../../core/schema.js';
import { isErrno } from '../../store/file/fs-seam.js';
import { CHECKPOINT_NAME } from '../../store/file/layout.js';
import { OBJECTS_DIR } from '../../store/file/objects.js';
import { readFileBytes } from '../../store/file/safe-json.js';
import type { StorePort, StoreTx } from '../../store/port.js';
import { manifestChecksum, utf8OrNull } from './export.js';

const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

/** A bundle file whose path and checksum were verified; `text` is null for bytes that are not UTF-8 (logs, binary artifacts). */
interface VerifiedFile {
  segments: string[];
  bytes: Buffer;
  text: string | null;
}

const OBJECT_FILE = /^[0-9a-f]{64}$/;

const isObject = (f: VerifiedFile): boolean => f.segments.length === 2 && f.segments[0] === OBJECTS_DIR && OBJECT_FILE.test(f.segments[1] as string);

/** A document the import parses (track.json, checkpoints, run.json) must be text. */
function textOf(f: VerifiedFile): string {
  return f.text ?? decodeUtf8(f.bytes, `bundle file ${f.segments.join('/').slice(0, 120)}`);
}

/** Paths inside a bundle are never trusted: plain names joined by '/', nothing absolute, no '..'. */
function safeSegments(path: string): string[] {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) throw new UnsafePathError(path.slice(0, 120), 'bundle paths must be relative');
  const segments = path.split('/');
  for (const s of segments) assertPlainName(s, 'bundle path segment');
  return segments;
}

/** Checks every checksum, path and document of a bundle; returns its files, or throws having written nothing. */
export function verifyBundle(bundle: TrackBundle): { track: Track; files: VerifiedFile[] } {
  try {
    return verifyBundleFiles(bundle);
  } catch (error) {
    if (!(error instanceof ChecksumMismatchError)) throw error;
    // The bundle is a copy: the way out is a good copy, not a checkpoint of this store.
    const { what, expected, actual } = error.details as { what: string; expected: string; actual: string };
    const file = `${bundle.track_id}.bundle.json`;
    throw new ChecksumMismatchError(
      what,
      expected,
      actual,
      hint`the bundle was changed or damaged after its export; nothing was imported. Export the track again where it lives (${cmd('export', { track_id: bundle.track_id, out: file })}) and import that file, or get an intact copy of the bundle`,
    );
  }
}

function verifyBundleFiles(bundle: TrackBundle): { track: Track; files: VerifiedFile[] } {
  const expected = manifestChecksum(bundle.files);
  if (expected !== bundle.manifest_sha256) throw new ChecksumMismatchError('the bundle manifest', bundle.manifest_sha256, expected);
  const seen = new Set<string>();
  const files: VerifiedFile[] = [];
  for (const file of bundle.files) {
    const segments = safeSegments(file.path);
    if (seen.has(file.path)) throw new ValidationError(`the bundle holds '${file.path.slice(0, 120)}' twice`, 'export the track again');
    seen.add(file.path);
    const bytes = file.encoding === 'utf8' ? Buffer.from(file.data, 'utf8') : Buffer.from(file.data, 'base64');
    const actual = sha256Hex(bytes);
    if (actual !== file.sha256 || bytes.length !== file.size) throw new ChecksumMismatchError(`bundle file ${file.path.slice(0, 120)}`, file.sha256, actual);
    const verified = { segments, bytes, text: utf8OrNull(bytes) };
    // An object's name is its content's sha256: a bundle cannot plant different bytes under a known name.
    if (isObject(verified) && segments[1] !== actual)
      throw new ChecksumMismatchError(`bundle object ${file.path.slice(0, 120)}`, segments[1] as string, actual);
    files.push(verified);
  }
  // A path that is also another file's directory could never be written: refuse it before the journal.
  for (const f of files) {
    for (let depth = 1; depth < f.segments.length; depth++) {
      const prefix = f.segments.slice(0, depth).join('/');
      if (seen.has(prefix)) throw new UnsafePathError(prefix.slice(0, 120), 'the bundle uses this path both as a file and as a directory');
    }
  }
  const trackFile = files.find((f) => f.segments.join('/') === 'track.json');
  if (!trackFile) throw new ValidationError('the bundle has no track.json', hint`export the track again with ${cmd('export')}`);
  const track = validateDocument(parseJsonText(textOf(trackFile), 'bundle track.json'), trackSchema, 'bundle track.json');
  if (track.track_id !== bundle.track_id)
    throw new ValidationError(`the bundle is for '${bundle.track_id}' but its track.json holds '${track.track_id}'`, 'export the track again');
  for (const f of files) {
    if (f.segments.length === 2 && f.segments[0] === 'checkpoints' && CHECKPOINT_NAME.test(f.segments[1] as string)) {
      verifyCheckpoint(validateDocument(parseJsonText(textOf(f), `bundle ${f.segments.join('/')}`), checkpointSchema, `bundle ${f.segments.join('/')}`));
    }
  }
  return { track, files };
}

export function readBundleFile(file: string, cwd = process.cwd()): TrackBundle {
  const path = resolve(cwd, file);
  let bytes: Buffer;
  try {
    bytes = readFileBytes(path, MAX_BUNDLE_BYTES);
  } catch (error) {
    if (isErrno(error, 'ENOENT'))
      throw new TrackError('NOT_FOUND', `bundle file ${path} does not exist`, hint`write one with ${cmd('export', { track_id: 'ID', out: 'FILE' })}`);
    throw error;
  }
  const text = decodeUtf8(bytes, path);
  return validateDocument(parseJsonText(text, path), bundleSchema, path);
}

export interface ImportInput extends ImportOptions {
  /** A bundle as `exportTrack` wrote it (`readBundleFile` reads one); verified whole before anything is written. */
  bundle: TrackBundle;
}

export interface ImportOptions {
  /** Import under a fresh id when the bundle's id is taken. */
  rename?: boolean | undefined;
  /** Import under exactly this id. */
  id?: string | undefined;
  /** The bundle file as the user named it, for the command lines in hints. */
  source?: string | undefined;
}

export interface ImportResult {
  track: Track;
  original_track_id: string;
  files: number;
  /** The active track (another one, or none): starting the imported draft is `activate` with none, else `switch`. */
  active_track_id: string | null;
  /** Set when the track fails for good at its first failed step (execution.fail_track_on_failure): the command that turns that off (a CLI command line: only the CLI imports). */
  hint?: string | undefined;
}

/** A copy of a track that failed because of the setting would fail again the same way: say how to turn it off. */
function settingHint(track: Track): string | undefined {
  if (!track.execution.fail_track_on_failure) return undefined;
  const off = cmd('update', { track_id: track.track_id, field: 'execution.fail_track_on_failure', value: 'false' });
  return renderHint(
    'cli',
    hint`a failed step fails this track for good (execution.fail_track_on_failure); ${off} keeps it active with the step failed instead`,
  );
}

/** Re-addresses a file to the new id: checkpoints are resealed, a run's top-level track_id rewritten. */
function renamed(f: VerifiedFile, from: string, to: string): string | Buffer {
  const path = f.segments.join('/');
  if (f.segments[0] === 'checkpoints' && CHECKPOINT_NAME.test(f.segments[1] ?? '')) {
    const checkpoint = validateDocument(parseJsonText(textOf(f), path), checkpointSchema, path);
    const { checksum: _old, ...body } = checkpoint;
    const moved: Omit<Checkpoint, 'checksum'> = { ...body, track_id: to, track: { ...checkpoint.track, track_id: to } };
    return toJsonText(seal(moved));
  }
  if (f.segments[0] === 'workflows' && f.segments[2] === 'run.json') {
    const run = parseJsonText(textOf(f), path);
    if (run && typeof run === 'object' && (run as { track_id?: unknown }).track_id === from) return toJsonText({ ...run, track_id: to });
  }
  return f.text ?? f.bytes;
}

async function importInTx(tx: StoreTx, bundle: TrackBundle, verified: ReturnType<typeof verifyBundle>, options: ImportOptions): Promise<ImportResult> {
  const original = verified.track;
  let id = options.id === undefined ? original.track_id : validateTrackId(options.id);
  // Objects alone are what an interrupted import of the same bundle left: not a track, and reused as they are.
  const taken = (candidate: string) => tx.idInUse(candidate);
  if (await taken(id)) {
    if (!options.rename || options.id !== undefined) {
      const again = options.source === undefined ? 'import it again' : `track import ${shellWord(options.source)}`;
      throw new ConflictError(`a track with id '${id}' already exists here`, `${again} --rename (a new id is chosen), or --id with an id of your choice`, {
        track_id: id,
      });
    }
    do id = makeTrackId(slugify(original.name, sha256Hex), await tx.allocateSequence(), tx.nameTag());
    while (await taken(id));
  }
  await tx.reserveSequence(minimumNextSequence([id]));
  const parentKnown = original.parent_track_id !== undefined && (await tx.findTrack(original.parent_track_id)) !== null;
  const { parent_track_id: _parent, ...rest } = original;
  const reason = `imported as draft from a bundle exported ${bundle.exported_at}${id !== original.track_id ? ` (was ${original.track_id})` : ''}; review before running`;
  const track: Track = {
    ...rest,
    ...(parentKnown ? { parent_track_id: original.parent_track_id } : {}),
    track_id: id,
    status: 'draft',
    status_history: [...original.status_history, { from: original.status, to: 'draft', at: tx.at, reason }],
  };
  for (const f of verified.files) {
    if (f.segments.join('/') === 'track.json') continue;
    // Objects are written before the transaction commits, as 'artifact add' does: large bytes never enter the journal.
    if (isObject(f)) await tx.putObject(id, f.bytes);
    else await tx.putTrackFile(id, f.segments.join('/'), id === original.track_id ? (f.text ?? f.bytes) : renamed(f, original.track_id, id));
  }
  const setting = settingHint(track);
  return {
    track: await tx.putTrack(track),
    original_track_id: original.track_id,
    files: verified.files.length,
    active_track_id: (await tx.head()).active_track_id,
    ...(setting ? { hint: setting } : {}),
  };
}

/**
 * Imports a bundle as a draft track, in one transaction. Every checksum, path and document is
 * verified before the lock is taken; a taken id is refused unless `rename` (or `id`) is given.
 */
export async function importTrack(store: StorePort, { bundle, ...options }: ImportInput): Promise<ImportResult> {
  const checked = validateDocument(bundle, bundleSchema, 'bundle');
  const verified = verifyBundle(checked);
  return store.transaction((tx) => importInTx(tx, checked, verified, options));
}
