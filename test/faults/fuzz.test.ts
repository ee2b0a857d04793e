import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/core/errors.js';
import { commandTable } from '../../src/faces/cli/commands/index.js';
import { run } from '../../src/faces/cli/main.js';
import { doctor } from '../../src/features/doctor/doctor.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';
import { A, B, buildBase, C, D } from './mutating-commands.js';

/**
 * Property-based fuzzing of every command's arguments and of the files on disk, through the real
 * CLI entry point (`run`, in-process for speed). Whatever the input: no stack trace, a documented
 * exit code, no "internal error", and nothing outside the tracks root created, changed or read
 * through a symlink.
 */
const FULL = process.env.TRACK_FAULTS_FULL === '1';
const ARG_RUNS = FULL ? 3_000 : 300;
const FILE_RUNS = FULL ? 600 : 30;
const DOCUMENTED = new Set<number>([0, ...Object.values(EXIT_CODES)]);
const STACK = /\n\s+at .+[:(]\d+:\d+|\bat (?:async )?[\w.<>]+ \(/;
if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';
process.env.TRACK_LOCK_TIMEOUT_MS = '500';
let cases = 0;

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = (_fd: 1 | 2, chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  };
  const code = await run(args, { binUrl: 'file:///nonexistent/track.js', write });
  return { code, out };
}

function expectClean(result: { code: number; out: string }, args: unknown): void {
  cases++;
  const where = JSON.stringify(args).slice(0, 400);
  expect(DOCUMENTED.has(result.code), `exit ${result.code} for ${where}`).toBe(true);
  expect(result.out, where).not.toMatch(STACK);
  expect(result.out, where).not.toMatch(/internal error/);
}

/** Everything in the project outside the tracks root, to prove nothing there changes. */
function outside(project: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const rel = `${prefix}${name}`;
      if (rel === '.claude/conductor/tracks') continue;
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p, `${rel}/`);
      else out[rel] = st ? readFileSync(p, 'latin1') : '<dangling>';
    }
  };
  walk(project, '');
  return out;
}

const HOSTILE = [
  '',
  '-',
  '--',
  '../../etc/passwd',
  '/etc/passwd',
  '..',
  '__proto__',
  'constructor',
  'prototype',
  'con',
  'nul',
  'lpt1',
  'TRACK-ALPHA-001',
  'track-alpha-001',
  'track-ａlpha-001',
  'track-alpha-001\u0000',
  'track-alpha-001/..',
  '\u202etrack',
  'ß',
  '認証機能',
  'x'.repeat(5_000),
  '{"__proto__":{"polluted":1}}',
  '["a","b"]',
  '[',
  'P0',
  'P9',
  'active',
  'status',
  'context.target_files',
  '1e999',
  '-1',
  A,
  B,
  C,
  D,
];
const valueArb = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));

describe('fuzzing', () => {
  const t = tempDir('track-fuzz-');
  const project = join(t.dir, 'project');
  const pristine = join(t.dir, 'pristine');
  let cwd = '';
  let before: Record<string, string> = {};

  beforeAll(async () => {
    const { store } = FileStore.init({ cwd: pristine });
    await buildBase(store);
    writeFileSync(join(pristine, 'secret.txt'), 'outside the root\n');
    cwd = process.cwd();
  });
  afterAll(() => {
    process.chdir(cwd);
    t.cleanup();
    console.log(`fuzz: ${cases} cases, 0 stack traces, 0 undocumented exit codes`);
  });

  const reset = () => {
    process.chdir(t.dir);
    rmSync(project, { recursive: true, force: true });
    cpSync(pristine, project, { recursive: true });
    process.chdir(project);
    before = outside(project);
  };
  const rootOf = () => join(project, '.claude', 'conductor', 'tracks');

  it(`every command's arguments (${ARG_RUNS} runs)`, async () => {
    reset();
    // `init` writes outside the root; `mcp` serves stdio until its input ends, so in-process it never returns (test/e2e/mcp.test.ts covers it).
    const commands = commandTable(() => 'file:///nonexistent/track.js').filter((c) => c.name !== 'init' && c.name !== 'mcp');
    const argsArb = fc
      .record({
        command: fc.constantFrom(...commands),
        positional: fc.option(valueArb, { nil: undefined }),
        options: fc.array(fc.tuple(fc.string({ maxLength: 3 }), valueArb), { maxLength: 4 }),
        json: fc.boolean(),
        root: fc.constantFrom(undefined, undefined, undefined, '.', '..', 'missing', '.claude', '/nonexistent'),
      })
      .map(({ command, positional, options, json, root }) => {
        const names = [...Object.keys(command.options), 'bogus'];
        const args = [...command.name.split(' ')];
        if (positional !== undefined) args.push(positional);
        for (const [pickName, value] of options) {
          const name = names[pickName.length % names.length] as string;
          const spec = command.options[name];
          args.push(`--${name}`);
          if (spec?.type !== 'boolean') args.push(value);
        }
        if (json) args.push('--json');
        if (root) args.push('--root', root);
        return args;
      });
    await fc.assert(
      fc.asyncProperty(argsArb, async (args) => {
        expectClean(await cli(args), args);
      }),
      { numRuns: ARG_RUNS },
    );
    expect(outside(project)).toEqual(before);
    expect(storeProblems(rootOf())).toEqual([]);
    expect((await doctor(FileStore.open({ cwd: project }), { fix: false })).healthy).toBe(true);
  });

  const DAMAGE: Array<[string, (text: string) => string | Buffer]> = [
    ['truncated', (s) => s.slice(0, Math.floor(s.length / 2))],
    ['BOM', (s) => `\uFEFF${s}`],
    ['duplicate keys', (s) => s.replace('{', '{"status":"active",')],
    ['__proto__ key', (s) => s.replace('{', '{"__proto__":{"polluted":true},')],
    ['constructor key', (s) => s.replace('{', '{"constructor":{"prototype":{"polluted":true}},')],
    ['100,000-deep nesting', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['multi-MB value', (s) => s.replace('{', `{"padding":"${'x'.repeat(3 * 1024 * 1024)}",`)],
    ['invalid UTF-8', (s) => Buffer.concat([Buffer.from(s.slice(0, 20)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(s.slice(20))])],
    ['NUL bytes', (s) => s.replace(/"name": "/, '"name": "\u0000')],
    ['empty', () => ''],
    ['not an object', () => '"just a string"'],
    ['wrong id inside', (s) => s.replaceAll(A, B)],
    ['case-colliding id', (s) => s.replaceAll(A, A.toUpperCase())],
    ['look-alike id', (s) => s.replaceAll(A, 'track-аlpha-001')],
  ];
  const TARGETS = [
    'track-registry.json',
    'track-registry.closed.json',
    'track-head.json',
    `${A}/track.json`,
    `${B}/track.json`,
    `${B}/checkpoints/checkpoint-001.json`,
    '.track.journal.json',
    '.track.lock',
  ];
  const PROBES: string[][] = [
    ['list', '--json'],
    ['show', A],
    ['get-active'],
    ['history', B],
    ['pause'],
    ['resume', B],
    ['switch', '--to', B],
    ['create', '--name', 'Fuzz', '--goal', 'g'],
    ['update', A, '--field', 'priority', '--value', 'P1'],
    ['doctor'],
  ];

  it(`damaged files on disk (${FILE_RUNS} runs): typed errors, then doctor --fix restores a working store`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DAMAGE), fc.constantFrom(...TARGETS), fc.constantFrom(...PROBES), async ([, damage], target, probe) => {
        reset();
        const path = join(rootOf(), ...target.split('/'));
        const original = existsSync(path) ? readFileSync(path, 'utf8') : readFileSync(join(rootOf(), `${A}/track.json`), 'utf8');
        writeFileSync(path, damage(original), { mode: 0o600 });
        expectClean(await cli(probe), { target, probe });
        expectClean(await cli(['doctor', '--fix']), { target, fix: true });
        const report = await doctor(FileStore.open({ cwd: project }), { fix: true });
        expect(
          report.remaining.filter((p) => p.repair.kind !== 'manual'),
          target,
        ).toEqual([]);
        if (report.healthy) {
          expect(storeProblems(rootOf())).toEqual([]);
          expectClean(await cli(['create', '--name', 'After', '--goal', 'g']), { target, after: true });
        }
        expect(outside(project)).toEqual(before);
      }),
      { numRuns: FILE_RUNS },
    );
  });

  it('symlinks planted in place of documents are never read or written through', async () => {
    for (const target of TARGETS) {
      reset();
      const path = join(rootOf(), ...target.split('/'));
      rmSync(path, { force: true });
      symlinkSync(join(project, 'secret.txt'), path);
      for (const probe of PROBES) expectClean(await cli(probe), { target, probe });
      expect(outside(project), target).toEqual(before);
      expect(readFileSync(join(project, 'secret.txt'), 'utf8')).toBe('outside the root\n');
      expect((await doctor(FileStore.open({ cwd: project }), { fix: true })).remaining.every((p) => p.repair.kind === 'manual')).toBe(true);
    }
  });

  it('hostile names never create anything outside the root', async () => {
    reset();
    mkdirSync(join(rootOf(), 'con'), { mode: 0o700 });
    for (const id of HOSTILE) {
      for (const args of [
        ['create', '--name', id, '--goal', id],
        ['create', '--name', 'x', '--goal', 'g', '--id', id],
        ['activate', id],
        ['show', '--track-id', id],
      ]) {
        expectClean(await cli(args), args);
      }
    }
    expect(outside(project)).toEqual(before);
  });
});
