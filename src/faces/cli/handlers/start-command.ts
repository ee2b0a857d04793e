import { commandLine } from '../../../core/face-commands.js';
import type { TrackStore } from '../../../store/file/file-store.js';

/** The command that starts a new draft: `activate`, or `switch --to` while another track is active (activate would be refused). */
export async function startCommand(store: TrackStore, trackId: string): Promise<string> {
  const active = await store.readDocuments((reader) => reader.head().active_track_id);
  return active && active !== trackId ? commandLine('switch', { to: trackId }) : commandLine('activate', { track_id: trackId });
}
