/** Database stores for tests: each over its own project in the suite's fresh database, closed and removed by `cleanup`. */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LANE } from '../../src/core/lanes.js';
import { PgStore } from '../../src/store/postgres/pg-store.js';
import type { DatabaseTarget } from '../../src/store/postgres/store-config.js';

export interface TestPgProject {
  dir: string;
  target: DatabaseTarget;
  /** A store over the project acting in `lane` (default: the default lane). */
  store(lane?: string): PgStore;
  cleanup(): Promise<void>;
}

let projects = 0;

/** A migrated database project (its id unique to this process) with a project folder of its own. */
export async function testPgProject(url: string, prefix = 'track-pg-'): Promise<TestPgProject> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const target: DatabaseTarget = { url, project: `p${process.pid}-${projects++}`, projectDir: dir };
  const opened: PgStore[] = [];
  const store = (lane = DEFAULT_LANE): PgStore => {
    const s = new PgStore(target, { id: lane, worktree: dir });
    opened.push(s);
    return s;
  };
  await store().migrate();
  return {
    dir,
    target,
    store,
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
