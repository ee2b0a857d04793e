import { type OpenOptions, openStore as open } from '../../../store/open.js';
import type { GlobalOptions } from '../command.js';

/** What the global options say about where the store is. */
export const storeOptions = (global: GlobalOptions): OpenOptions => ({
  root: global.root,
  lane: global.lane,
  allowForeignRoot: global.allowForeignRoot,
  databaseUrl: global.databaseUrl,
  project: global.project,
});

export const openStore = (global: GlobalOptions) => open(storeOptions(global));

/** The store as seen from the directory a caller names (its worktree's lane), else as `openStore`. */
export const openStoreAt = (global: GlobalOptions, seat: { cwd?: string | undefined } = {}) => open({ ...storeOptions(global), cwd: seat.cwd });
