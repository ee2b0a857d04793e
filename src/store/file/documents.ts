import type * as z from 'zod/mini';
import { CorruptStoreError, TrackError, TrackNotFoundError } from '../../core/errors.js';
import { hint, run } from '../../core/hint.js';
import { parseJsonText, validateDocument } from '../../core/json.js';
import { emptySegment } from '../../core/registry-index.js';
import {
  CHECKPOINT_ID,
  type Checkpoint,
  checkpointSchema,
  type Head,
  headSchema,
  type Registry,
  type RegistrySegment,
  registrySchema,
  registrySegmentSchema,
  type Track,
  trackSchema,
} from '../../core/schema.js';
import { sortNumbered } from '../../core/sequence-names.js';
import {
  CHECKPOINT_NAME,
  CLOSED_REGISTRY_FILE,
  checkpointFile,
  checkpointsDir,
  contextDir,
  contextFile,
  HEAD_FILE,
  REGISTRY_FILE,
  trackFile,
} from './layout.js';
import type { DocumentSource } from './source.js';

/** Typed, validated reads of every document, over any source (disk, journal view, transaction). */
export class DocumentReader {
  constructor(
    protected readonly source: DocumentSource,
    readonly projectDir: string,
  ) {}

  get root(): string {
    return this.source.root;
  }

  protected readDoc<S extends z.ZodMiniType>(relative: string, schema: S): z.infer<S> | null {
    const text = this.source.readText(relative);
    if (text === null) return null;
    const label = this.source.absolute(relative);
    return validateDocument(parseJsonText(text, label), schema, label);
  }

  registry(): Registry {
    const registry = this.storedRegistry();
    if (!registry) throw new CorruptStoreError(this.source.absolute(REGISTRY_FILE), 'is missing');
    return registry;
  }

  /** The open registry segment as stored; null when the file is missing. */
  storedRegistry(): Registry | null {
    return this.readDoc(REGISTRY_FILE, registrySchema);
  }

  private head$: Head | null | undefined;

  /** The head as stored; null when the file is missing. Read once per reader: a reader is one attempt at a consistent read. */
  storedHead(): Head | null {
    if (this.head$ === undefined) this.head$ = this.readDoc(HEAD_FILE, headSchema);
    return this.head$;
  }

  closedSegment(): RegistrySegment {
    return this.readDoc(CLOSED_REGISTRY_FILE, registrySegmentSchema) ?? emptySegment('closed', new Date(0).toISOString());
  }

  head(): Head {
    const head = this.storedHead();
    if (head) return head;
    const registry = this.registry();
    return { format: 'track-head/1', generation: registry.generation, active_track_id: registry.active_track_id };
  }

  findTrack(id: string): Track | null {
    const track = this.readDoc(trackFile(id), trackSchema);
    if (track && track.track_id !== id) {
      throw new CorruptStoreError(this.source.absolute(trackFile(id)), `holds track '${track.track_id}', not '${id}'`);
    }
    return track;
  }

  getTrack(id: string): Track {
    const track = this.findTrack(id);
    if (!track) throw new TrackNotFoundError(id, this.registeredIds());
    return track;
  }

  /** Every registered track id (open and closed), to suggest one for a mistyped id; none if the registry is unreadable. */
  private registeredIds(): string[] {
    try {
      return [...Object.keys(this.registry().tracks), ...Object.keys(this.closedSegment().tracks)];
    } catch {
      return [];
    }
  }

  readContext(id: string, name: string): string | null {
    return this.source.readText(contextFile(id, name));
  }

  listContext(id: string): string[] {
    return this.source.list(contextDir(id)).sort();
  }

  /** Checkpoint ids of a track, oldest first (by number, then by when they were made, then by id). */
  listCheckpoints(id: string): string[] {
    const ids = this.source
      .list(checkpointsDir(id))
      .filter((name) => CHECKPOINT_NAME.test(name))
      .map((name) => name.slice(0, -'.json'.length));
    return sortNumbered(ids, CHECKPOINT_ID, (checkpointId) => this.timeOf(checkpointFile(id, checkpointId), 'created_at'));
  }

  /**
   * A timestamp field of a document, read without validating the rest: it only orders two names of
   * one number. Undefined when the document cannot be read (then the names order by themselves).
   */
  timeOf(relative: string, field: string): string | undefined {
    try {
      const text = this.source.readText(relative);
      const doc: unknown = text === null ? null : JSON.parse(text);
      const value = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[field] : undefined;
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  findCheckpoint(id: string, checkpointId: string): Checkpoint | null {
    return this.readDoc(checkpointFile(id, checkpointId), checkpointSchema);
  }

  readCheckpoint(id: string, checkpointId: string): Checkpoint {
    const checkpoint = this.findCheckpoint(id, checkpointId);
    if (!checkpoint) {
      throw new TrackError('NOT_FOUND', `track '${id}' has no checkpoint '${checkpointId}'`, hint`${run('checkpoints', { track_id: id })}`);
    }
    return checkpoint;
  }

  /** Raw text of a document under the root, for features that keep their own files. */
  readRaw(relative: string): string | null {
    return this.source.readText(relative);
  }

  listRaw(relativeDir: string): string[] {
    return this.source.list(relativeDir);
  }
}
