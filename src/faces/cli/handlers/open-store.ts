import { openStore as open } from '../../../store/open.js';
import type { GlobalOptions } from '../command.js';

export const openStore = (global: GlobalOptions) => open({ root: global.root, lane: global.lane, allowForeignRoot: global.allowForeignRoot });

/** The store as seen from the directory a caller names (its worktree's lane), else as `openStore`. */
export const openStoreAt = (global: GlobalOptions, seat: { cwd?: string | undefined } = {}) =>
  open({ root: global.root, cwd: seat.cwd, lane: global.lane, allowForeignRoot: global.allowForeignRoot });
