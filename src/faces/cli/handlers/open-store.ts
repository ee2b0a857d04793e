import { openStore as open } from '../../../store/open.js';
import type { GlobalOptions } from '../command.js';

export const openStore = (global: GlobalOptions) => open({ root: global.root, lane: global.lane, allowForeignRoot: global.allowForeignRoot });

/** The store as seen from `seat` (a directory and/or a lane a caller names), else as `openStore`. */
export const openStoreAt = (global: GlobalOptions, seat: { cwd?: string | undefined; lane?: string | undefined } = {}) =>
  open({ root: global.root, cwd: seat.cwd, lane: seat.lane ?? global.lane, allowForeignRoot: global.allowForeignRoot });
