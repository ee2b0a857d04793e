import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/core/errors.js';
import { exitCodeSummary } from '../../src/core/exit-codes.js';

describe('exit codes', () => {
  it('the summary names every code once, in order', () => {
    const numbers = [...exitCodeSummary().matchAll(/(\d+) [a-z]/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([0, ...Object.values(EXIT_CODES).sort((a, b) => a - b)]);
  });

  it("the README's table lists exactly the codes the errors use", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d+) \| `([A-Z_]+)` \|/gm)].map((m) => [m[2], Number(m[1])]);
    expect(Object.fromEntries(rows)).toEqual(EXIT_CODES);
  });
});
