import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { makeTrackId, slugify, validateTrackId } from '../../src/core/ids.js';

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

describe('track ids', () => {
  it('slugs names the way the spec shows', () => {
    expect(makeTrackId(slugify('Authentication Feature', digest), 1)).toBe('track-authentication-feature-001');
    expect(makeTrackId(slugify('Perf Optimization', digest), 2)).toBe('track-perf-optimization-002');
    expect(makeTrackId('x', 1234)).toBe('track-x-1234');
  });

  it('folds accents and special Latin letters', () => {
    expect(slugify('Crème brûlée für Straße', digest)).toBe('creme-brulee-fur-strasse');
    expect(slugify('  --Hello,   World!!  ', digest)).toBe('hello-world');
  });

  it('gives non-Latin names a stable readable slug', () => {
    const a = slugify('認証機能', digest);
    expect(a).toMatch(/^u[0-9a-f]{8}$/);
    expect(slugify('認証機能', digest)).toBe(a);
    expect(slugify('別の機能', digest)).not.toBe(a);
    expect(slugify('🚀🚀', digest)).toMatch(/^u[0-9a-f]{8}$/);
  });

  it('keeps slugs short', () => {
    const slug = slugify('a very long name '.repeat(20), digest);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).not.toMatch(/-$/);
  });

  it.each(['../etc', '/abs/path', 'Track-Upper', 'a/b', '', '-lead', 'trail-', 'con', 'nul', 'a'.repeat(101), 'a..b', 'sp ace', 'x\u0000y'])(
    'refuses %j',
    (id) => {
      expect(() => validateTrackId(id)).toThrow(ValidationError);
    },
  );

  it.each(['track-auth-001', 'abc', 'a1-b2'])('accepts %j', (id) => {
    expect(validateTrackId(id)).toBe(id);
  });
});
