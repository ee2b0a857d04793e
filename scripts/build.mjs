// Build: `tsc` emits the library and its types to dist/. The `track` bin is one CommonJS bundle
// (dist/bin/cli.cjs) run by a small loader (dist/bin/track.cjs) through a V8 code cache: loading
// dozens of ES modules (and zod's many files) costs more than Node's own startup, and CommonJS
// skips the ES module loader altogether.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
rmSync('dist/bin', { recursive: true, force: true });
await build({
  entryPoints: ['src/faces/cli/main.ts'],
  outfile: 'dist/bin/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  // Class and function names survive minification: an error's name or stack never shows a mangled one.
  keepNames: true,
  legalComments: 'none',
  // The MCP SDK is required only by `track mcp`; everything else (zod, yaml) is bundled.
  external: ['@modelcontextprotocol/*'],
  logLevel: 'warning',
});
copyFileSync('scripts/bin-loader.cjs', 'dist/bin/track.cjs');
chmodSync('dist/bin/track.cjs', 0o755);
writeCodeCache(resolve('dist/bin/cli.cjs'));

/**
 * Compiles the bundle as the loader does, runs the common commands once in a scratch project
 * (so their functions are compiled too), and saves V8's code cache beside the bundle.
 */
async function writeCodeCache(file) {
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
  const cli = { exports: {} };
  script.runInThisContext()(cli.exports, createRequire(file), cli, file, dirname(file));
  const project = mkdtempSync(join(tmpdir(), 'track-build-'));
  const root = ['--root', join(project, '.claude', 'conductor', 'tracks')];
  const binUrl = pathToFileURL(resolve('dist/bin/track.cjs')).href;
  try {
    for (const args of [
      ['init'],
      ['create', '--name', 'Warm', '--goal', 'g'],
      ['create', '--name', 'Up', '--goal', 'g'],
      ['activate', 'track-warm-001'],
      ['get-active'],
      ['switch', '--to', 'track-up-002'],
      ['list'],
      ['show'],
      ['status'],
      ['history'],
      ['nope'],
      ['--help'],
    ]) {
      await cli.exports.run([...args, ...root], { binUrl, write: () => {} });
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  writeFileSync(`${file}.cache`, script.createCachedData());
}
