import { join } from 'node:path';
import { UnsafePathError } from '../../core/errors.js';
import { TEMP_PREFIX } from './atomic-write.js';
import { io } from './fs-seam.js';
import { safeJoin } from './paths.js';
import { readFileBytes } from './safe-json.js';

export interface WalkedFile {
  /** '/'-separated path below the walked directory. */
  path: string;
  bytes: Buffer;
}

/**
 * Every regular file under `root/dirName`, sorted by path. A symbolic link anywhere below is
 * refused (it could point out of the store); leftover temp files of atomic writes are skipped.
 */
export function walkFiles(root: string, dirName: string): WalkedFile[] {
  const base = safeJoin(root, dirName);
  const out: WalkedFile[] = [];
  const visit = (relative: string[]) => {
    const dir = relative.length ? join(base, ...relative) : base;
    for (const name of io.readdirSync(dir).sort()) {
      if (name.startsWith(TEMP_PREFIX)) continue;
      const path = safeJoin(base, ...relative, name);
      const st = io.lstatSync(path);
      if (st.isSymbolicLink()) throw new UnsafePathError(path, 'is a symbolic link');
      if (st.isDirectory()) visit([...relative, name]);
      else if (st.isFile()) out.push({ path: [...relative, name].join('/'), bytes: readFileBytes(path) });
      else throw new UnsafePathError(path, 'is not a regular file or directory');
    }
  };
  visit([]);
  return out;
}
