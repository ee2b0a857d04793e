import { commandLine } from '../../../core/face-commands.js';
import type { StorePort } from '../../../store/port.js';

/** The command that starts a new draft: `activate`, or `switch --to` while another track is active (activate would be refused). */
export async function startCommand(store: StorePort, trackId: string): Promise<string> {
  const { active_track_id: active } = await store.read((reader) => reader.head());
  return active && active !== trackId ? commandLine('switch', { to: trackId }) : commandLine('activate', { track_id: trackId });
}
