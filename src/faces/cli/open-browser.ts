import { spawn } from 'node:child_process';

/** The program that opens a URL here: $BROWSER, else the desktop's opener; null without a display to show it on. */
function opener(): string[] | null {
  if (process.env.BROWSER) return [process.env.BROWSER];
  if (process.platform === 'darwin') return ['open'];
  if (process.platform === 'win32') return ['cmd', '/c', 'start', '""'];
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? ['xdg-open'] : null;
}

/** Opens `url` in a browser, detached; false when there is nothing to open it with (or it could not start). */
export function openBrowser(url: string): boolean {
  const command = opener();
  if (!command) return false;
  try {
    const child = spawn(command[0] as string, [...command.slice(1), url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
