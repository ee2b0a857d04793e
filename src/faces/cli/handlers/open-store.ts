import { FileStore } from '../../../store/file/file-store.js';
import type { GlobalOptions } from '../command.js';

export const openStore = (global: GlobalOptions): FileStore => FileStore.open({ root: global.root, allowForeignRoot: global.allowForeignRoot });
