import type * as z from 'zod/mini';
import { io } from './fs-seam.js';

export const CACHE_TTL_MS = 5_000;

interface Entry {
  ino: number;
  size: number;
  mtimeMs: number;
  expires: number;
  value: unknown;
}

const entries = new Map<string, Entry>();

/**
 * Read-only cache of parsed registry segments: an entry lives 5 s and only while the file's
 * inode, size and mtime are unchanged. Write transactions never consult it.
 */
export function cachedDocument<S extends z.ZodMiniType>(path: string, load: () => z.infer<S> | null): z.infer<S> | null {
  let st: import('node:fs').Stats;
  try {
    st = io.statSync(path);
  } catch {
    entries.delete(path);
    return load();
  }
  const now = Date.now();
  const hit = entries.get(path);
  if (hit && hit.expires > now && hit.ino === st.ino && hit.size === st.size && hit.mtimeMs === st.mtimeMs) {
    return structuredClone(hit.value) as z.infer<S>;
  }
  const value = load();
  if (value !== null) entries.set(path, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, expires: now + CACHE_TTL_MS, value: structuredClone(value) });
  return value;
}

export function clearReadCache(): void {
  entries.clear();
}
