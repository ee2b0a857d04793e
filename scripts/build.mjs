// Build: `tsc` emits the library and its types to dist/. The `track` bin is two CommonJS bundles
// run by a small loader (dist/bin/track.cjs) through V8 code caches: dist/bin/quick.cjs for the
// commands agents run all the time, dist/bin/cli.cjs for every command. Loading dozens of ES modules
// (and zod's many files) costs more than Node's own startup, and CommonJS skips the ES module loader
// altogether. A bundle is written as the function a CommonJS module's code is wrapped in, so the
// loader compiles the file as it is (and needs no `node:module`), and it is ASCII: one other
// character makes V8 decode and hold all of it as a two-byte string.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
rmSync('dist/bin', { recursive: true, force: true });
// The commands an agent runs all the time (the hooks, get-active, status, context, list) get a
// bundle of their own, 40% of the CLI's: the bin loads it first for those names.
for (const [entry, outfile] of [
  ['src/faces/cli/main.ts', 'dist/bin/cli.cjs'],
  ['src/faces/cli/quick-main.ts', 'dist/bin/quick.cjs'],
]) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    // No keepNames: it renames nothing but costs a call per function and class at load (zod's
    // included); the error classes name themselves (core/errors.ts).
    legalComments: 'none',
    // The MCP SDK is required only by `track mcp`, the PostgreSQL driver only by a database store;
    // everything else (zod, yaml) is bundled.
    external: ['@modelcontextprotocol/*', 'pg'],
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
    logLevel: 'warning',
  });
  const bundle = readFileSync(outfile, 'utf8');
  const nonAscii = /[^\x00-\x7f]/.exec(bundle);
  if (nonAscii) {
    throw new Error(`${outfile} must be ASCII; write ${JSON.stringify(nonAscii[0])} as an escape: …${bundle.slice(nonAscii.index - 60, nonAscii.index + 20)}…`);
  }
}
copyFileSync('scripts/bin-loader.cjs', 'dist/bin/track.cjs');
chmodSync('dist/bin/track.cjs', 0o755);
await writeCodeCache(resolve('dist/bin/cli.cjs'), warmCli);
await writeCodeCache(resolve('dist/bin/quick.cjs'), warmQuick);
await buildWeb();

/** The board's web app (`track ui` serves dist/web): one ES module, its stylesheet and page, within the size budget. */
async function buildWeb() {
  await build({
    entryPoints: ['web/src/main.tsx'],
    outfile: 'dist/web/app.js',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync('web/index.html', 'dist/web/index.html');
  copyFileSync('web/app.css', 'dist/web/app.css');
  const budget = 150 * 1024;
  const files = readdirSync('dist/web');
  const gzipped = files.reduce((n, f) => n + gzipSync(readFileSync(join('dist/web', f))).length, 0);
  if (gzipped > budget) throw new Error(`dist/web is ${gzipped} bytes gzipped, over the board's budget of ${budget} (${files.join(', ')})`);
}

/**
 * Compiles the bundle as the loader does, runs `warm` with it in a scratch project (so the functions
 * the common commands use are compiled too), and saves V8's code cache beside the bundle.
 */
async function writeCodeCache(file, warm) {
  const script = new Script(readFileSync(file, 'utf8'), { filename: file });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));
  const project = mkdtempSync(join(tmpdir(), 'track-build-'));
  try {
    await warm(bundle.exports, join(project, '.claude', 'conductor', 'tracks'));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  writeFileSync(`${file}.cache`, script.createCachedData());
}

async function warmCli(cli, tracksRoot) {
  const root = ['--root', tracksRoot];
  const binUrl = pathToFileURL(resolve('dist/bin/track.cjs')).href;
  for (const args of [
    ['init'],
    ['create', '--name', 'Warm', '--goal', 'g'],
    ['create', '--name', 'Up', '--goal', 'g'],
    ['activate', 'track-warm-001'],
    ['switch', '--to', 'track-up-002'],
    ['show'],
    ['history'],
    ['nope'],
    ['--help'],
  ]) {
    await cli.run([...args, ...root], { binUrl, write: () => {} });
  }
}

/**
 * The quick commands as an agent runs them, in the project (the tracks root found from the working
 * directory), and the session hook's work without its stdin and deadline.
 */
async function warmQuick(quick, tracksRoot) {
  const cli = { exports: {} };
  const file = resolve('dist/bin/cli.cjs');
  new Script(readFileSync(file, 'utf8'), { filename: file }).runInThisContext()(cli.exports, createRequire(file), cli, file, dirname(file));
  const binUrl = pathToFileURL(resolve('dist/bin/track.cjs')).href;
  for (const args of [['init'], ['create', '--name', 'Warm', '--goal', 'g'], ['activate', 'track-warm-001']]) {
    await cli.exports.run([...args, '--root', tracksRoot], { binUrl, write: () => {} });
  }
  const cwd = process.cwd();
  process.chdir(resolve(tracksRoot, '../../..'));
  try {
    for (const args of [['get-active'], ['status'], ['context'], ['list'], ['get-active', '--json'], ['status', '--json'], ['list', '--json']]) {
      if ((await quick.run(args, { binUrl, write: () => {} })) !== 0) throw new Error(`warming the quick bundle: track ${args.join(' ')} failed`);
    }
  } finally {
    process.chdir(cwd);
  }
  await quick.warm(tracksRoot);
}
