// Regenerates what is generated from src/core/schema.ts (run `npm run schema`, which builds after):
// track.schema.json and src/core/document-parsers.ts. Tests fail when either drifts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { documentParsersSource } from './document-parsers.mjs';

// The sources as they are now, bundled without zod (it resolves from this project's node_modules).
const dir = 'node_modules/.cache/track-manager';
mkdirSync(dir, { recursive: true });
const out = `${dir}/schema-sources.mjs`;
await build({
  stdin: { contents: "export * from './src/core/schema.ts'; export { trackJsonSchema } from './src/core/json-schema.ts';", resolveDir: '.', loader: 'ts' },
  outfile: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  external: ['zod', 'zod/*'],
  logLevel: 'warning',
});
const schemas = await import(pathToFileURL(out).href);
rmSync(out);

writeFileSync('track.schema.json', `${JSON.stringify(schemas.trackJsonSchema(), null, 2)}\n`);
console.log('wrote track.schema.json');
writeFileSync('src/core/document-parsers.ts', documentParsersSource(schemas));
console.log('wrote src/core/document-parsers.ts');
