/**
 * The package as users get it: `npm pack` of the dist/ that `npm test` built (with
 * --ignore-scripts, so packing never rebuilds dist/ under the other tests), and npm run as a
 * user would run it, without what `npm test` exported into the environment.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { BIN } from './cli.js';

/** The repository: the package that is packed, and whose node_modules hold its dev tools. */
export const PACKAGE_DIR = dirname(dirname(dirname(BIN)));

/** The environment without what `npm test` exported, so the nested npm sees only what we pass. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return env;
}

export function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 150_000, maxBuffer: 16 * 1024 * 1024 });
}

export interface Packed {
  /** The tarball's path. */
  tarball: string;
  /** The paths it holds, as `npm pack --json` lists them. */
  files: string[];
}

/** Packs the built package into `dir`. */
export function packInto(dir: string): Packed {
  expect(existsSync(BIN), 'dist/ is missing: run npm run build (npm test does)').toBe(true);
  const r = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], PACKAGE_DIR);
  expect(r.status, r.stderr).toBe(0);
  const packed = JSON.parse(r.stdout)[0] as { filename: string; files: { path: string }[] };
  return { tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/** `npm install` from the cache where it can (the dependencies `npm ci` fetched for this repository). */
export const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline'];
