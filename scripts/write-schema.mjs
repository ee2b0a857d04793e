// Regenerates track.schema.json from the runtime validator (run `npm run schema`); a test fails when they drift.
import { writeFileSync } from 'node:fs';
import { trackJsonSchema } from '../dist/index.js';

writeFileSync('track.schema.json', `${JSON.stringify(trackJsonSchema(), null, 2)}\n`);
console.log('wrote track.schema.json');
