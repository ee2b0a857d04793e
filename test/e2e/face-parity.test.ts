/**
 * Parity of the faces: for every MCP tool, the same input through the built CLI (`--json`) and
 * through the MCP server (stdio, the official SDK client), each on its own copy of the same store,
 * must leave the same store behind, agree on the result, and refuse bad input with the same code;
 * so must the board's HTTP API (`track ui`) for the actions it serves.
 * The tools come from the server and the commands from `track --help`, so a new tool or command
 * without a row (or a stated reason) fails here, as does an option only one face takes.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../src/faces/http/actions.js';
import { api, startBoardProcess } from '../helpers/board.js';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { connectMcp } from '../helpers/mcp.js';
import { tempDir } from '../helpers/temp.js';
import { argOf, type FaceName, type Fixture, type Input, type ParityRow } from './face-parity/shapes.js';
import { CLI_ONLY, ROWS } from './face-parity/table.js';

/** Both faces act as the same agent, whatever the environment says. */
const ENV = { TRACK_AGENT: 'parity' };
const ROOT = join('.claude', 'conductor', 'tracks');

/** Edits a checkpoint's recorded reason: still valid JSON, no longer what its checksum says. */
const damageCheckpoint =
  (track: string, checkpoint: string) =>
  (dir: string): void => {
    const file = join(dir, ROOT, track, 'checkpoints', `${checkpoint}.json`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"reason": "parity"');
    writeFileSync(file, text.replace('"reason": "parity"', '"reason": "tampered"'));
  };

/** Each fixture: the one it copies, then the commands run in it (or a change made to its files). */
const FIXTURES: Array<[Fixture, Fixture | null, Array<string[] | ((dir: string) => void)>]> = [
  [
    'base',
    null,
    [
      ['init'],
      ['create', '--name', 'Auth', '--goal', 'Users sign in', '--priority', 'P1', '--target-file', 'src/auth/**', '--success-criteria', 'login works'],
      ['create', '--name', 'Login', '--goal', 'A login form', '--target-file', 'src/auth/login.ts'],
      ['create', '--name', 'Spike', '--goal', 'Try it', '--type', 'exploration'],
      ['create', '--name', 'Docs', '--goal', 'Document the form', '--type', 'documentation', '--parent', 'track-login-002'],
      ['cancel', 'track-spike-003', '--reason', 'not now'],
      ['step', 'add', '--track-id', 'track-auth-001', '--name', 'Build', '--action-type', 'run-command', '--command', 'echo built'],
      ['step', 'add', '--track-id', 'track-auth-001', '--name', 'Write', '--action-type', 'manual', '--instructions', 'Write the form'],
      ['step', 'add', '--track-id', 'track-auth-001', '--name', 'Sign-off', '--action-type', 'approval', '--approver', 'lead'],
      ['decide', 'Use PKCE', '--track-id', 'track-auth-001', '--rationale', 'public client'],
      ['assume', 'tokens live an hour', '--track-id', 'track-auth-001'],
    ],
  ],
  [
    'active',
    'base',
    [
      ['activate', 'track-auth-001'],
      ['artifact', 'add', 'notes.md'],
      ['checkpoint', '--reason', 'parity'],
    ],
  ],
  ['handed', 'active', [['next'], ['next', '--agent', 'parity']]],
  ['paused', 'active', [['pause', 'track-auth-001']]],
  ['damaged', 'active', [['checkpoint', '--reason', 'intact'], damageCheckpoint('track-auth-001', 'checkpoint-001')]],
];

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
/** Values a run cannot repeat: process ids and hosts, checksums over timestamps, and (`…_ms`) measured times. */
const VOLATILE = new Set(['pid', 'host', 'boot_id', 'start_time', 'checksum']);
const volatile = (key: string) => VOLATILE.has(key) || key.endsWith('_ms');

/** Timestamps (also inside text, e.g. log headers) and volatile values masked. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(ISO_TIME, '<time>');
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, volatile(key) && v !== null ? '<volatile>' : normalise(v)]));
  }
  return value;
}

/** Every file of the tracks root (JSON parsed and normalised), the lock and temp files left out. */
function storeOf(dir: string): Record<string, unknown> {
  const root = join(dir, ROOT);
  const out: Record<string, unknown> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.tmp-') || name.startsWith('.track.lock')) continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const text = readFileSync(path, 'utf8');
        out[relative(root, path)] = normalise(name.endsWith('.json') ? JSON.parse(text) : text);
      }
    }
  };
  walk(root);
  return out;
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

function viaCli(row: ParityRow, dir: string, input: Input, json = true): Outcome {
  const args = [...row.command.split(' '), ...row.cli(input)];
  const r = runCli(json ? [...args, '--json'] : args, { cwd: dir, env: ENV });
  if (r.code !== 0) {
    expect(r.json?.error?.code, `track ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBeTypeOf('string');
    return { ok: false, code: r.json.error.code, message: r.json.error.message };
  }
  expect(r.stdout, `track ${args.join(' ')}`).not.toBe('');
  return { ok: true, value: json ? r.json : r.stdout };
}

async function viaMcp(call: (name: string, args: Input) => Promise<any>, row: ParityRow, input: Input): Promise<Outcome> {
  const r = await call(row.tool, input);
  const text = (r.content[0] as { text: string }).text;
  if (r.isError) return { ok: false, code: r.structuredContent?.code, message: text };
  return { ok: true, value: r.structuredContent ?? text };
}

/** The same input as an action of the board's HTTP API, from a page of its own origin. */
async function viaHttp(board: Awaited<ReturnType<typeof startBoardProcess>>, row: ParityRow, input: Input): Promise<Outcome> {
  const r = await api(board, `actions/${row.tool}`, input);
  if (r.status !== 200) return { ok: false, code: r.json?.error?.code, message: r.json?.error?.message };
  return { ok: true, value: r.json };
}

const projected = (row: ParityRow, outcome: Outcome, face: FaceName) => {
  expect(outcome, `${face} ${row.tool}: ${JSON.stringify(outcome)}`).toMatchObject({ ok: true });
  return normalise(row.project((outcome as { value: unknown }).value, face));
};

/** `track <command> --help`: its positionals and options, as tool argument names. */
async function cliArguments(row: ParityRow, dir: string): Promise<Set<string>> {
  const help = (await runCliAsync([...row.command.split(' '), '--help'], { cwd: dir })).stdout;
  const usage = /^Usage: track .*$/m.exec(help)?.[0] ?? '';
  const names = [...usage.matchAll(/\[([a-z-]+)\]/g)].map((m) => m[1] as string).filter((n) => n !== 'options');
  const section = help.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  names.push(...[...section.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1] as string));
  return new Set(names.filter((n) => !Object.hasOwn(row.cliOnly ?? {}, n)).map((n) => row.renames?.[n] ?? argOf(n)));
}

/** Every tool takes the directory it acts from (`cwd`, its worktree's lane): the CLI's is its working directory. */
const SEAT_ARGS = ['cwd'];

describe('every MCP tool does what its CLI command does', () => {
  const t = tempDir('track-parity-');
  const fixtureDir = (f: Fixture) => join(t.dir, 'fixtures', f);
  let count = 0;
  /** A fresh copy of a fixture. */
  const copyOf = (f: Fixture): string => {
    const dir = join(t.dir, `run-${++count}`);
    cpSync(fixtureDir(f), dir, { recursive: true });
    return dir;
  };

  /** The row through the board's HTTP API on a fresh copy: the CLI's result, store and refusal codes (the CLI's copy has had the row and its refusals). */
  const sameOverHttp = async (row: ParityRow, cliDir: string): Promise<void> => {
    const httpDir = copyOf(row.from);
    const board = await startBoardProcess(httpDir, ENV);
    try {
      const cliOnce = copyOf(row.from);
      const cli = viaCli(row, cliOnce, row.input, !row.text);
      const http = await viaHttp(board, row, row.input);
      expect(projected(row, http, 'http'), 'the results over HTTP').toEqual(projected(row, cli, 'cli'));
      expect(storeOf(httpDir), 'the stores after the call over HTTP').toEqual(storeOf(cliOnce));
      if (typeof row.refusals !== 'string') {
        for (const bad of row.refusals) {
          const refused = await viaHttp(board, row, bad.input);
          expect(refused.ok ? 'accepted' : refused.code, `over HTTP: ${JSON.stringify(bad.input)}: ${JSON.stringify(refused)}`).toBe(bad.code);
        }
      }
      expect(storeOf(httpDir), 'the stores after the refusals over HTTP').toEqual(storeOf(cliDir));
    } finally {
      await board.stop();
    }
  };

  beforeAll(() => {
    for (const [name, parent, commands] of FIXTURES) {
      const dir = fixtureDir(name);
      if (parent) cpSync(fixtureDir(parent), dir, { recursive: true });
      else {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'notes.md'), '# Notes\nPKCE everywhere.\n');
        writeFileSync(join(dir, 'plan.md'), '# Plan\n1. form\n2. tokens\n');
      }
      for (const args of commands) {
        if (typeof args === 'function') {
          args(dir);
          continue;
        }
        const r = runCli(args, { cwd: dir, env: ENV });
        expect(r.code, `${name}: track ${args.join(' ')}: ${r.stderr}`).toBe(0);
      }
    }
  }, 120_000);
  afterAll(() => t.cleanup());

  it('has a row for every tool the server offers, and every CLI command maps to a tool or says why not', async () => {
    const server = await connectMcp(fixtureDir('base'), ['--all-tools'], ENV);
    try {
      const { tools } = await server.client.listTools();
      expect(ROWS.map((r) => r.tool).sort()).toEqual(tools.map((tool) => tool.name).sort());
      const help = runCli(['--help'], { cwd: fixtureDir('base') }).stdout;
      const commands = [...(help.split('\nCommands:\n')[1] ?? '').split('\n\n')[0]!.matchAll(/^ {2}(\S+(?: \S+)?) {2,}/gm)].map((m) => m[1]);
      expect(commands.length).toBeGreaterThan(40);
      const mapped = new Set(ROWS.map((r) => r.command));
      expect(commands.filter((c) => !mapped.has(c as string) && !Object.hasOwn(CLI_ONLY, c as string))).toEqual([]);
      expect(Object.keys(CLI_ONLY).filter((c) => !commands.includes(c) || mapped.has(c))).toEqual([]);
      // Every action of the board's HTTP API has its row, and says so.
      expect(
        ROWS.filter((r) => r.http)
          .map((r) => r.tool)
          .sort(),
      ).toEqual([...ACTION_NAMES].sort());
      // Each tool takes what its command takes, except what its row names with a reason.
      for (const row of ROWS) {
        const tool = tools.find((x) => x.name === row.tool);
        const toolArgs = Object.keys(tool?.inputSchema.properties ?? {}).filter((a) => !Object.hasOwn(row.mcpOnly ?? {}, a) && !SEAT_ARGS.includes(a));
        expect([...(await cliArguments(row, fixtureDir('base')))].sort(), `${row.tool} vs track ${row.command}`).toEqual([...new Set(toolArgs)].sort());
      }
    } finally {
      await server.client.close();
    }
  });

  for (const row of ROWS) {
    it(`${row.tool} ≡ track ${row.command}`, async () => {
      const cliDir = copyOf(row.from);
      const mcpDir = copyOf(row.from);
      const server = await connectMcp(mcpDir, ['--all-tools'], ENV);
      const call = (name: string, args: Input) => server.client.callTool({ name, arguments: args });
      try {
        const cli = viaCli(row, cliDir, row.input, !row.text);
        const mcp = await viaMcp(call, row, row.input);
        expect(projected(row, mcp, 'mcp'), 'the results').toEqual(projected(row, cli, 'cli'));
        expect(storeOf(mcpDir), 'the stores after the call').toEqual(storeOf(cliDir));
        if (typeof row.refusals === 'string') return;
        for (const bad of row.refusals) {
          const refusedCli = viaCli(row, cliDir, bad.input);
          const refusedMcp = await viaMcp(call, row, bad.input);
          const codes = { cli: refusedCli.ok ? 'accepted' : refusedCli.code, mcp: refusedMcp.ok ? 'accepted' : refusedMcp.code };
          expect(codes, `${JSON.stringify(bad.input)}: ${JSON.stringify([refusedCli, refusedMcp])}`).toEqual({ cli: bad.code, mcp: bad.code });
        }
        expect(storeOf(mcpDir), 'the stores after the refusals').toEqual(storeOf(cliDir));
        if (row.http) await sameOverHttp(row, cliDir);
      } finally {
        await server.client.close();
      }
    }, 60_000);
  }
});
