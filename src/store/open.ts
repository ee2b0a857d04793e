/** Where a face or a library user gets its store: the one place that chooses the store's kind. */
import { FileStore, type OpenOptions } from './file/file-store.js';

export type { OpenOptions };

/** The tracks root found from `cwd` upwards (or the one given), opened. */
export const openStore = (options: OpenOptions = {}): FileStore => FileStore.open(options);

/** Creates the tracks root if needed and opens it. */
export const initStore = (options: OpenOptions = {}): FileStore => FileStore.init(options).store;
