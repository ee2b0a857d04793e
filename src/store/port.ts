/**
 * What use cases need from a store. Today the file store is the only one; the asynchronous port
 * with its written guarantees replaces this alias when a second store arrives.
 */
import type { FileStore } from './file/file-store.js';

export type TrackStore = Pick<FileStore, 'root' | 'projectDir' | 'read' | 'transaction'>;
