// Build: `tsc` emits the library and its types to dist/; esbuild bundles the `track` bin
// (one file plus lazily loaded chunks) because resolving dozens of small modules and zod's
// many files costs more than Node's own startup.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
rmSync('dist/bin', { recursive: true, force: true });
await build({
  entryPoints: { track: 'src/bin/track.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  // yaml's node build is CommonJS and breaks when bundled into ESM; it loads from node_modules, lazily.
  external: ['yaml'],
  logLevel: 'warning',
});
chmodSync('dist/bin/track.js', 0o755);
