import { matchesGlob } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globOverlap, normalizeTarget } from '../../src/core/glob-overlap.js';

const overlapping: Array<[string, string]> = [
  ['src/auth/login.ts', 'src/auth/login.ts'],
  ['src/auth/**', 'src/**/*.ts'],
  ['src/*.ts', 'src/index.*'],
  ['**/*.md', 'docs/guide/intro.md'],
  ['src/**/x.ts', 'src/x.ts'],
  ['lib/?.js', 'lib/a.js'],
  ['**', 'anything/at/all'],
];

const disjoint: Array<[string, string]> = [
  ['src/auth/**', 'src/billing/**'],
  ['src/*.ts', 'src/*.js'],
  ['src/*.ts', 'src/deep/a.ts'],
  ['docs/a.md', 'docs/b.md'],
  ['lib/?.js', 'lib/ab.js'],
];

describe('glob overlap', () => {
  it.each(overlapping)('%s and %s overlap, with a witness both globs match', (a, b) => {
    const witness = globOverlap(a, b);
    expect(witness).not.toBeNull();
    expect(globOverlap(b, a)).not.toBeNull();
    expect(matchesGlob(witness as string, a)).toBe(true);
    expect(matchesGlob(witness as string, b)).toBe(true);
  });

  it.each(disjoint)('%s and %s do not overlap', (a, b) => {
    expect(globOverlap(a, b)).toBeNull();
    expect(globOverlap(b, a)).toBeNull();
  });

  it('normalizes targets: ./ and trailing slashes dropped, directories cover their contents', () => {
    expect(normalizeTarget('./src/auth/', true)).toBe('src/auth/**');
    expect(normalizeTarget('src\\auth\\login.ts', false)).toBe('src/auth/login.ts');
    expect(normalizeTarget('.', true)).toBe('**');
  });
});

describe('glob overlap never misses a shared path (property, checked against node:path matchesGlob)', () => {
  const segment = fc.oneof(
    fc.constant('**'),
    fc.stringMatching(/^[ab*?]{1,3}$/).filter((s) => !s.includes('**')),
  );
  const glob = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
  const path = fc.array(fc.stringMatching(/^[ab]{1,3}$/), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

  it('a path both globs match implies an overlap', () => {
    fc.assert(
      fc.property(glob, glob, fc.array(path, { minLength: 1, maxLength: 8 }), (a, b, paths) => {
        const shared = paths.find((p) => matchesGlob(p, a) && matchesGlob(p, b));
        if (shared !== undefined) expect(globOverlap(a, b), `${a} ∩ ${b} share ${shared}`).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
