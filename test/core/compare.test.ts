import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/core/compare.js';

const sign = (n: number) => Math.sign(n);
const id = fc.stringMatching(/^[a-z0-9-]{0,12}$/);
const timestamp = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());

describe('compareCodePoints', () => {
  it('orders ids and ISO timestamps as localeCompare does', () => {
    fc.assert(fc.property(id, id, (a, b) => sign(compareCodePoints(a, b)) === sign(a.localeCompare(b))));
    fc.assert(fc.property(timestamp, timestamp, (a, b) => sign(compareCodePoints(a, b)) === sign(a.localeCompare(b))));
  });

  it('is a total order usable by sort', () => {
    expect(['track-b', 'track-a-2', 'track-a', 'a', 'track-a-10'].sort(compareCodePoints)).toEqual(['a', 'track-a', 'track-a-10', 'track-a-2', 'track-b']);
  });
});
