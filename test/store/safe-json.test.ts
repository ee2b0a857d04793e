import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CorruptStoreError } from '../../src/core/errors.js';
import { MAX_JSON_DEPTH, maxDepth, parseJsonText, valueDepth } from '../../src/core/json.js';
import { trackSchema } from '../../src/core/schema.js';
import { readJsonFile } from '../../src/store/file/safe-json.js';
import { tempDir } from '../helpers/temp.js';

describe('safe JSON', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it.each([
    ['truncated', '{"a": [1, 2'],
    ['empty', ''],
    ['deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['proto key', '{"__proto__": {"polluted": true}}'],
    ['constructor key', '{"a": {"constructor": {"prototype": {}}}}'],
  ])('refuses %s input with a typed error', (_name, text) => {
    expect(() => parseJsonText(text, 'x.json')).toThrow(CorruptStoreError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('allows the word constructor as a value', () => {
    expect(parseJsonText('{"a": "constructor"}', 'x')).toEqual({ a: 'constructor' });
  });

  it('measures depth outside strings only', () => {
    expect(maxDepth('{"a": "[[[[", "b": [1, {"c": 2}]}')).toBe(3);
  });

  it('measures the same depth on the parsed value as on the text', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => valueDepth(value) === maxDepth(JSON.stringify(value))));
  });

  it('reports a document too deep before one that is also invalid, and names the depth', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(() => parseJsonText(deep(MAX_JSON_DEPTH), 'x')).not.toThrow();
    expect(() => parseJsonText(deep(MAX_JSON_DEPTH + 1), 'x')).toThrow(`JSON nests ${MAX_JSON_DEPTH + 1} levels deep`);
    expect(() => parseJsonText(`${deep(100)},`, 'x')).toThrow('JSON nests 100 levels deep');
    expect(() => parseJsonText('{"a": [1,}', 'x')).toThrow('is not valid JSON');
  });

  it('refuses invalid UTF-8, NUL-laden junk and schema mismatches from disk', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'track.json');
    writeFileSync(file, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(() => readJsonFile(file, trackSchema)).toThrow(/UTF-8/);
    writeFileSync(file, '\u0000\u0000');
    expect(() => readJsonFile(file, trackSchema)).toThrow(CorruptStoreError);
    writeFileSync(file, '{"track_id": 5}');
    expect(() => readJsonFile(file, trackSchema)).toThrow(/does not match its schema/);
  });

  it('tolerates a byte-order mark', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'x.json');
    writeFileSync(file, '\ufeff{"a":1}');
    expect(() => readJsonFile(file, trackSchema)).toThrow(/does not match/);
  });
});
