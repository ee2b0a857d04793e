import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trackJsonSchema } from '../../src/core/json-schema.js';

describe('track.schema.json', () => {
  it('is exactly what the runtime validator generates (regenerate with npm run schema)', () => {
    const published = JSON.parse(readFileSync(new URL('../../track.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(trackJsonSchema());
  });
});
