import { commandLine } from '../../../core/face-commands.js';

/** The command that starts a new draft: `activate`, or `switch --to` while another track is active (activate would be refused). */
export const startCommand = (trackId: string, activeId: string | null): string =>
  activeId && activeId !== trackId ? commandLine('switch', { to: trackId }) : commandLine('activate', { track_id: trackId });
