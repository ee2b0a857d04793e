/** The web app's built files (index.html, app.js, app.css), read once when the server starts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrackError } from '../../core/errors.js';

export interface Asset {
  type: string;
  bytes: Buffer;
}

const FILES: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Every asset by the path it is served at; refuses to start without them (a broken install). */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [path, file] of Object.entries(FILES)) {
    try {
      assets.set(path, { type: TYPES[file.split('.').pop() as string] as string, bytes: readFileSync(join(dir, file)) });
    } catch {
      throw new TrackError(
        'INTERNAL',
        `the board's files are missing (${join(dir, file)})`,
        'reinstall track-manager (or run `npm run build` in its checkout)',
      );
    }
  }
  return assets;
}
