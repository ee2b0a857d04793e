import { decodeUtf8 } from '../../core/json.js';
import { io, isErrno } from './fs-seam.js';
import type { PendingContent } from './journal.js';
import { safeJoin } from './paths.js';
import { readFileBytes } from './safe-json.js';

/** Where documents are read from. */
export interface DocumentSource {
  readonly root: string;
  readText(relative: string): string | null;
  list(relativeDir: string): string[];
  /** Absolute path of a document, proven to stay inside the root. */
  absolute(relative: string): string;
}

/**
 * The disk, optionally seen through an overlay of pending contents by relative path (null =
 * deleted): a crashed writer's journal for readers, or a transaction's staged writes.
 */
export class DiskSource implements DocumentSource {
  constructor(
    readonly root: string,
    private readonly overlay: Map<string, PendingContent> | null = null,
  ) {}

  absolute(relative: string): string {
    return safeJoin(this.root, ...relative.split('/'));
  }

  readText(relative: string): string | null {
    const path = this.absolute(relative);
    if (this.overlay?.has(relative)) {
      const pending = this.overlay.get(relative) ?? null;
      return pending === null || typeof pending === 'string' ? pending : decodeUtf8(Buffer.from(pending), path);
    }
    try {
      return decodeUtf8(readFileBytes(path), path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  }

  list(relativeDir: string): string[] {
    let names: string[];
    try {
      names = io.readdirSync(this.absolute(relativeDir));
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) names = [];
      else throw error;
    }
    if (!this.overlay) return names;
    const set = new Set(names);
    for (const [path, data] of this.overlay) {
      if (!path.startsWith(`${relativeDir}/`)) continue;
      const rest = path.slice(relativeDir.length + 1);
      if (rest.includes('/')) set.add(rest.split('/')[0] as string);
      else if (data === null) set.delete(rest);
      else set.add(rest);
    }
    return [...set];
  }
}
