import { openStore as open } from '../../../store/open.js';
import type { GlobalOptions } from '../command.js';

export const openStore = (global: GlobalOptions) => open({ root: global.root, allowForeignRoot: global.allowForeignRoot });
