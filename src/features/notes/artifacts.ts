/**
 * Artifacts: files copied into a track. The bytes go to the track's content-addressed object
 * store before the transaction; the transaction only records the manifest entry.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { TrackError, UnsafePathError, ValidationError } from '../../core/errors.js';
import { cmd, hint, run } from '../../core/hint.js';
import { assertPlainName } from '../../core/names.js';
import { ARTIFACT_NAME_PATTERN, type ArtifactEntry, LIMITS } from '../../core/schema.js';
import { closest, didYouMean } from '../../core/suggest.js';
import { MAX_OBJECT_BYTES, type StorePort, type StoreReader } from '../../store/port.js';
import { containedRealPath } from '../../store/user-files/contained-path.js';
import { readUserFile } from '../../store/user-files/user-file.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { type TrackTarget, withTrackContext } from './notes.js';
import { ARTIFACTS, readContextDoc, writeContextDoc } from './notes-docs.js';

export interface AddArtifactInput extends TrackTarget {
  /** A file inside the project (relative paths are taken from the project directory). */
  file: string;
  /** The name inside the track; defaults to the file's base name. */
  name?: string | undefined;
}

export interface AddArtifactResult {
  track_id: string;
  artifact: ArtifactEntry;
  /** True when an artifact of the same name was replaced. */
  replaced: boolean;
}

export function checkArtifactName(name: string): string {
  assertPlainName(name, 'artifact name');
  if (!ARTIFACT_NAME_PATTERN.test(name))
    throw new ValidationError(`invalid artifact name '${name.slice(0, 60)}'`, 'use a plain file name of at most 200 characters');
  return name;
}

function artifactNotFound(trackId: string, name: string, names: string[]): TrackError {
  const near = closest(name, names);
  const list = { track_id: trackId };
  return new TrackError(
    'NOT_FOUND',
    `track '${trackId}' has no artifact '${name.slice(0, 80)}'`,
    near.length ? hint`${didYouMean(near)} (${cmd('artifact_list', list)} shows them all)` : hint`${run('artifact_list', list)}`,
    {
      track_id: trackId,
      name,
      ...(near.length ? { did_you_mean: near } : {}),
    },
  );
}

export async function findArtifact(reader: StoreReader, trackId: string, name: string): Promise<ArtifactEntry> {
  const items = (await readContextDoc(reader, trackId, ARTIFACTS)).items;
  const entry = items.find((a) => a.name === name);
  if (!entry)
    throw artifactNotFound(
      trackId,
      name,
      items.map((a) => a.name),
    );
  return entry;
}

/** A directory is not an artifact: the hint adds one of its files (when one has a name safe to print as is). */
function directoryRefused(given: string, dir: string): ValidationError {
  const file = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /^[\w.@%+=:,-]+$/.test(e.name))
    .map((e) => e.name)
    .sort()[0];
  const example = file && /^[\w.@%+=:,/-]+$/.test(given) ? `${given.replace(/\/+$/, '')}/${file}` : 'path/to/file';
  return new ValidationError(
    `'${given.slice(0, 120)}' is a directory; only files can be added as artifacts`,
    hint`add its files one by one, e.g. ${cmd('artifact_add', { file: example })}`,
    {
      path: given.slice(0, 200),
    },
  );
}

/** The bytes of an artifact's source (`source`: its real path; `given`: as the user named it). */
function readSource(given: string, source: string): Buffer {
  let bytes: Buffer | null;
  try {
    bytes = readUserFile(source, MAX_OBJECT_BYTES);
  } catch (error) {
    if (error instanceof TrackError) throw new UnsafePathError(given, `is not a regular file of at most ${MAX_OBJECT_BYTES} bytes`);
    throw error;
  }
  if (!bytes) throw new TrackError('NOT_FOUND', `no such file: ${given}`, 'check the path: it must name an existing file inside the project', { path: given });
  return bytes;
}

/** Adds (or replaces) an artifact. Sources outside the project, or symlinks out of it, are refused; symlinks inside it are followed. */
export async function addArtifact(store: StorePort, input: AddArtifactInput): Promise<AddArtifactResult> {
  if (typeof input.file !== 'string' || input.file.length === 0 || input.file.length > LIMITS.shortText) {
    throw new ValidationError('artifact add needs a file path', hint`${cmd('artifact_add', { file: 'path/to/file' })}`);
  }
  const source = containedRealPath(store.projectDir, input.file);
  if (store.contains(source)) throw new UnsafePathError(input.file, 'lies inside the tracks root; bridge items with track context share');
  if (statSync(source).isDirectory()) throw directoryRefused(input.file, source);
  // Named as the user named it: a link 'docs/alias.md' is the artifact 'alias.md', whatever it points to.
  const name = checkArtifactName(input.name ?? basename(input.file));
  const trackId = await store.read(async (reader) => (await resolveTrack(reader, input.track_id)).track_id);
  const bytes = readSource(input.file, source);
  return withTrackContext(store, trackId, `artifact ${name} added`, async (tx, id) => {
    // In the transaction: 'track doctor --fix' (which holds the lock) never sees this object unreferenced and removes it.
    const object = await tx.putObject(id, bytes);
    const doc = await readContextDoc(tx, id, ARTIFACTS);
    const artifact: ArtifactEntry = { name, sha256: object.sha256, size: object.size, source: input.file.slice(0, LIMITS.shortText), added_at: tx.at };
    const at = doc.items.findIndex((a) => a.name === name);
    if (at >= 0) doc.items[at] = artifact;
    else doc.items.push(artifact);
    await writeContextDoc(tx, id, ARTIFACTS, doc);
    return { track_id: id, artifact, replaced: at >= 0 };
  });
}

export async function listArtifacts(store: StorePort, target: TrackTarget = {}): Promise<{ track_id: string; items: ArtifactEntry[] }> {
  return store.read(async (reader) => {
    const id = (await resolveTrack(reader, target.track_id)).track_id;
    return { track_id: id, items: (await readContextDoc(reader, id, ARTIFACTS)).items };
  });
}

export async function showArtifact(store: StorePort, input: TrackTarget & { name: string }): Promise<ArtifactEntry & { track_id: string }> {
  return store.read(async (reader) => {
    const id = (await resolveTrack(reader, input.track_id)).track_id;
    return { track_id: id, ...(await findArtifact(reader, id, checkArtifactName(input.name))) };
  });
}

/** The artifact's bytes, verified against its sha256 and size. */
export async function getArtifact(store: StorePort, input: TrackTarget & { name: string }): Promise<{ artifact: ArtifactEntry; bytes: Buffer }> {
  return store.read(async (reader) => {
    const id = (await resolveTrack(reader, input.track_id)).track_id;
    const artifact = await findArtifact(reader, id, checkArtifactName(input.name));
    return { artifact, bytes: await reader.readObject(id, artifact.sha256, artifact.size) };
  });
}
