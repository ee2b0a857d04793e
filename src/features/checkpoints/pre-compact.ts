import type { Checkpoint } from '../../core/schema.js';
import type { StorePort } from '../../store/port.js';
import { checkpointTrack } from './snapshot.js';

/** How long the pre-compact hook waits for a busy lock before giving up: the agent must not wait on us. */
export const HOOK_LOCK_TIMEOUT_MS = 500;

/**
 * Checkpoints the active track before the host compacts the conversation; null when no track
 * is active. The active pointer is read lock-free first so an idle store never sees the lock.
 */
export async function checkpointBeforeCompact(store: StorePort, reason: string): Promise<Checkpoint | null> {
  const active = await store.read(async (reader) => (await reader.head()).active_track_id);
  if (!active) return null;
  return store.transaction(
    async (tx) => {
      const id = (await tx.head()).active_track_id;
      return id ? checkpointTrack(tx, await tx.getTrack(id), 'pre-compact', reason) : null;
    },
    { lockTimeoutMs: HOOK_LOCK_TIMEOUT_MS },
  );
}
