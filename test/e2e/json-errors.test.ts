/** `--json` errors through the built CLI: one stable shape, stable codes, no internal (minified) names. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/core/errors.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('--json errors', () => {
  const t = tempDir('track-json-errors-');
  const elsewhere = tempDir('track-json-noroot-');
  const cli = (...args: string[]) => runCli([...args, '--json'], { cwd: t.dir });
  let a = '';
  let b = '';
  beforeAll(() => {
    expect(runCli(['init'], { cwd: t.dir }).code).toBe(0);
    a = cli('create', '--name', 'A', '--goal', 'g').json.track_id;
    b = cli('create', '--name', 'B', '--goal', 'g').json.track_id;
    expect(cli('activate', a).code).toBe(0);
    mkdirSync(join(t.dir, 'broken'));
  });
  afterAll(() => {
    t.cleanup();
    elsewhere.cleanup();
  });

  const cases: Array<[string, () => ReturnType<typeof cli>, keyof typeof EXIT_CODES]> = [
    ['unknown command', () => cli('frobnicate'), 'VALIDATION'],
    ['unknown option', () => cli('list', '--colour'), 'VALIDATION'],
    ['option without its value', () => cli('create', '--name'), 'VALIDATION'],
    ['unknown track', () => cli('show', 'track-nope-001'), 'NOT_FOUND'],
    ['missing artifact file', () => cli('artifact', 'add', 'nosuchfile'), 'NOT_FOUND'],
    ['illegal transition', () => cli('archive'), 'INVALID_STATE'],
    ['second active track', () => cli('activate', b), 'ACTIVE_TRACK_EXISTS'],
    ['file outside the project', () => cli('artifact', 'add', '/etc/hostname'), 'UNSAFE_PATH'],
    ['id taken', () => cli('create', '--name', 'C', '--goal', 'g', '--id', a), 'CONFLICT'],
    ['no tracks root', () => runCli(['list', '--json'], { cwd: elsewhere.dir }), 'ROOT_NOT_FOUND'],
    [
      'damaged track file',
      () => {
        const file = join(t.dir, '.claude/conductor/tracks', b, 'track.json');
        const good = readFileSync(file, 'utf8');
        writeFileSync(file, '{');
        try {
          return cli('show', b);
        } finally {
          writeFileSync(file, good);
        }
      },
      'CORRUPT_STORE',
    ],
  ];

  for (const [name, act, code] of cases) {
    it(`${name}: {ok:false, error:{code, message, hint, details}} with code ${code}`, () => {
      const r = act();
      expect(r.code, r.stdout + r.stderr).toBe(EXIT_CODES[code]);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      expect(Object.keys(r.json)).toEqual(['ok', 'error']);
      expect(r.json.ok).toBe(false);
      const error = r.json.error;
      expect(Object.keys(error).sort()).toEqual(['code', 'details', 'hint', 'message']);
      expect(error.code).toBe(code);
      expect(typeof error.message).toBe('string');
      expect(error.message).not.toMatch(/\n/);
      expect(error.hint === null || typeof error.hint === 'string').toBe(true);
      expect(error.details).toBeTypeOf('object');
      expect(Array.isArray(error.details)).toBe(false);
      // No class name, mangled or not, anywhere in the answer.
      expect(r.stdout).not.toMatch(/Error\b|"error":"/);
    });
  }

  it.each([['show'], ['status']])('a debug stack names the real error class (track %s: the full and the quick bundle)', (command) => {
    const r = runCli([command, 'track-nope-001'], { cwd: t.dir, env: { TRACK_DEBUG: '1' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^TrackNotFoundError: track 'track-nope-001' does not exist/);
  });
});
