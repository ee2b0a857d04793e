/**
 * Notice of commits to a tracks root without reading it: every commit replaces `track-head.json`
 * (by rename), so a watch of the root directory sees one. fs.watch can miss events (some file
 * systems, a root replaced under it), so whoever relies on this polls the head as well.
 */
import { type FSWatcher, watch } from 'node:fs';
import { HEAD_FILE } from './layout.js';

/**
 * Calls `onCommit` at most once per `settleMs` after the head is replaced (a burst of events is
 * one call), until the returned function is called. A watch the system refuses is no watch: the
 * caller's poll still sees every commit.
 */
export function watchHead(root: string, onCommit: () => void, settleMs = 50): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const notice = (_event: string, filename: string | null): void => {
    if (timer || (filename !== null && filename !== HEAD_FILE)) return;
    timer = setTimeout(() => {
      timer = undefined;
      onCommit();
    }, settleMs);
  };
  try {
    watcher = watch(root, { persistent: false }, notice);
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined;
  }
  return () => {
    watcher?.close();
    clearTimeout(timer);
  };
}
