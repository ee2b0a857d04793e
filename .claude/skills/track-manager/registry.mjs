#!/usr/bin/env node
// registry.mjs: entry point written by `track init`; commit it with the project. It runs the
// track-manager CLI with these arguments, so the skill's command lines work verbatim. It holds no
// path of this machine: it finds the package in the project's node_modules (or a parent's), else
// behind the `track` on PATH (a global install; npx and npm exec put theirs on PATH too).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NAME = 'track-manager';
const INSTALL = "npm install --save-dev track-manager (or npm install -g track-manager)";
const args = process.argv.slice(2);
const isHook = args[0] === 'hook';

/** The CLI of the package in dir, when dir holds track-manager with its built bin. */
function cliIn(dir) {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const bin = manifest.name === NAME && manifest.bin && manifest.bin.track;
    if (typeof bin !== 'string') return undefined;
    const file = resolve(dir, bin);
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function* upFrom(dir) {
  for (;;) {
    yield dir;
    if (dirname(dir) === dir) return;
    dir = dirname(dir);
  }
}

function fromProject() {
  for (const dir of upFrom(dirname(fileURLToPath(import.meta.url)))) {
    const found = cliIn(join(dir, 'node_modules', NAME)) ?? cliIn(dir);
    if (found) return found;
  }
  return undefined;
}

/** The package a file belongs to: the nearest package.json above it must be track-manager's. */
function packageOf(file) {
  for (const dir of upFrom(dirname(file))) {
    if (existsSync(join(dir, 'package.json'))) return cliIn(dir);
  }
  return undefined;
}

function fromPath() {
  const names = process.platform === 'win32' ? ['track.cmd', 'track'] : ['track'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      let real;
      try {
        real = realpathSync(join(dir, name));
      } catch {
        continue;
      }
      // A symlink into the package (npm, yarn, npx on Unix), else a shim beside an npm prefix.
      const found = packageOf(real) ?? cliIn(join(dir, 'node_modules', NAME)) ?? cliIn(join(dir, '..', 'lib', 'node_modules', NAME));
      if (found) return found;
    }
  }
  return undefined;
}

const cli = fromProject() ?? fromPath();
if (!cli) {
  const what = isHook ? `track-manager hook ${args[1] ?? ''} skipped` : 'registry.mjs';
  process.stderr.write(`${what}: the track-manager package is not installed here; install it: ${INSTALL}\n`);
  process.exit(isHook ? 0 : 127);
}
try {
  await import(pathToFileURL(cli).href);
} catch (error) {
  process.stderr.write(`registry.mjs: cannot load ${cli}: ${String(error?.message ?? error).split('\n')[0]}; reinstall it: ${INSTALL}\n`);
  process.exitCode = isHook ? 0 : 1;
}
