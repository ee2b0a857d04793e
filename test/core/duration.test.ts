import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.js';

describe('durations a person types', () => {
  it('reads s, m, h and d', () => {
    expect(parseDuration('90s', 'x')).toBe(90_000);
    expect(parseDuration('30m', 'x')).toBe(1_800_000);
    expect(parseDuration('12h', 'x')).toBe(43_200_000);
    expect(parseDuration(' 2d ', 'x')).toBe(172_800_000);
    expect(parseDuration('1.5h', 'x')).toBe(5_400_000);
  });

  it('refuses anything else, naming where it came from', () => {
    for (const bad of ['', '12', '12 hours', '0h', '-1d', '2w', 'h']) {
      expect(() => parseDuration(bad, '--stale-after'), bad).toThrow(/invalid duration .* for --stale-after/);
    }
  });

  it('says a duration back in its largest whole unit', () => {
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(36 * 3_600_000)).toBe('1.5d');
    expect(formatDuration(1_800_000)).toBe('30m');
    expect(formatDuration(1_000)).toBe('1s');
  });
});
