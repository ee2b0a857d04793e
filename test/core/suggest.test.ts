import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance, isTypoOf } from '../../src/core/suggest.js';

describe('did-you-mean suggestions', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('lst', 'list')).toBe(1);
    expect(editDistance('list', 'lst')).toBe(1);
    expect(editDistance('compelte', 'complete')).toBe(1);
    expect(editDistance('track-a-002', 'track-a-001')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is a symmetric distance that is zero exactly on equal words (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it('suggests the closest known words, best first, and nothing for unrelated or identical words', () => {
    expect(closest('lst', ['list', 'show', 'status'])).toEqual(['list']);
    expect(closest('--nme', ['--name', '--goal', '--json'])).toEqual(['--name']);
    expect(closest('track-auth-02', ['track-auth-001', 'track-auth-002', 'track-db-001'])).toEqual(['track-auth-002', 'track-auth-001']);
    expect(closest('active', ['get-active', 'activate'])).toEqual(['activate', 'get-active']);
    expect(closest('frobnicate', ['list', 'show'])).toEqual([]);
    expect(closest('list', ['list'])).toEqual([]);
    expect(closest('x'.repeat(101), ['x'.repeat(100)])).toEqual([]);
  });

  it('offers a word that differs only in case first, and alone', () => {
    expect(closest('p1', ['P0', 'P1', 'P2', 'P3'])).toEqual(['P1']);
    expect(closest('ACTIVE', ['draft', 'active', 'paused'])).toEqual(['active']);
    expect(closest('FEATURE', ['feature', 'bugfix'])).toEqual(['feature']);
    expect(closest('Priorty', ['priority', 'status'])).toEqual(['priority']);
    expect(isTypoOf('COMPLETE', 'complete')).toBe(true);
  });

  it('tells a typo of a subcommand from an unrelated word', () => {
    expect(isTypoOf('compelte', 'complete')).toBe(true);
    expect(isTypoOf('fial', 'fail')).toBe(true);
    expect(isTypoOf('step-001', 'skip')).toBe(false);
    expect(isTypoOf('test', 'reset')).toBe(false);
    expect(isTypoOf('skip', 'skip')).toBe(false);
  });

  it('phrases one or several suggestions', () => {
    expect(didYouMean([])).toBe('');
    expect(didYouMean(['track list'])).toBe("did you mean 'track list'?");
    expect(didYouMean(['a', 'b', 'c'])).toBe("did you mean 'a', 'b' or 'c'?");
  });
});
