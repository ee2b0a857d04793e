/**
 * The MCP server (`track mcp`, the official SDK client over stdio) on a database store: the core
 * flow through tools (create, activate, a plan with a real command, next, logs, decide, checkpoint,
 * context, pause/resume, complete) gives the same results as on the file store, refusals included,
 * and a long session holds a bounded number of database connections.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runOk } from '../helpers/cli.js';
import { connectMcp, type McpSession } from '../helpers/mcp.js';
import { databaseEnv } from '../helpers/pg-cli.js';
import { adminQuery, describeWithPostgres } from '../helpers/postgres.js';
import { tempDir, tempProject } from '../helpers/temp.js';

type Result = Awaited<ReturnType<Client['callTool']>>;

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
/** Values no two runs share: process ids and hosts, checksums over timestamps, measured times. */
const VOLATILE = new Set(['pid', 'host', 'boot_id', 'start_time', 'checksum']);

/** A tool result with timestamps, volatile values and the project's own folder masked. */
function normalise(value: unknown, dir: string): unknown {
  if (typeof value === 'string') {
    // Text content repeats the structured result as JSON: the same values masked there.
    return value
      .replace(ISO_TIME, '<time>')
      .replaceAll(dir, '<project>')
      .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<volatile>')
      .replace(/"(\w+_ms)":\d+/g, '"$1":0');
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, dir));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, (VOLATILE.has(k) || k.endsWith('_ms')) && v !== null ? '<volatile>' : normalise(v, dir)]),
    );
  }
  return value;
}

/** The core flow, each call's outcome (error or result) in order. */
async function coreFlow(c: Client): Promise<Array<[string, Result]>> {
  const calls: Array<[string, Record<string, unknown>]> = [
    ['create', { name: 'Auth', goal: 'Add OAuth 2.0', success_criteria: ['login works'], priority: 'P1' }],
    ['activate', { track_id: 'track-auth-001' }],
    ['step_add', { step_id: 'build', name: 'Build', action_type: 'run-command', command: 'echo built-by-mcp; echo to-stderr >&2' }],
    ['step_add', { step_id: 'review', name: 'Review', action_type: 'manual', instructions: 'Read the diff', depends_on: ['build'] }],
    ['next', {}],
    ['run_logs', {}],
    ['next', { agent: 'claude' }],
    ['decide', { title: 'Use PKCE', rationale: 'public client', alternatives: ['implicit flow'] }],
    ['step_complete', { step_id: 'review', agent: 'claude', outputs: { pr: '42' } }],
    ['checkpoint', { reason: 'reviewed' }],
    ['context', {}],
    ['pause', { reason: 'lunch' }],
    ['context', {}],
    ['resume', {}],
    ['complete', {}],
    ['list', {}],
    ['show', { track_id: 'track-auth-001' }],
    ['show', { track_id: 'track-auth-01' }],
    ['activate', { track_id: '../etc' }],
    ['pause', {}],
  ];
  const out: Array<[string, Result]> = [];
  for (const [name, args] of calls) out.push([name, await c.callTool({ name, arguments: args })]);
  return out;
}

describeWithPostgres('track mcp on a database store, against the file store (SDK client, real PostgreSQL)', (db) => {
  const files = tempProject('track-pg-mcp-files-');
  const pg = tempDir('track-pg-mcp-db-');
  let env: Record<string, string>;
  const sessions: McpSession[] = [];
  const open = async (dir: string, extra: Record<string, string> = {}) => {
    const s = await connectMcp(dir, ['--all-tools'], extra);
    sessions.push(s);
    return s;
  };

  beforeAll(() => {
    const { env: dbEnv } = databaseEnv(db().url);
    env = Object.fromEntries(Object.entries(dbEnv).filter((e): e is [string, string] => typeof e[1] === 'string'));
    runOk(['init', '--store', 'postgres', '--project', 'mcp-e2e'], { cwd: pg.dir, env });
  });
  afterAll(async () => {
    for (const s of sessions) await s.client.close();
    files.cleanup();
    pg.cleanup();
  });

  it('the core flow through tools gives the same results on both stores, refusals included', async () => {
    const onFiles = await open(files.dir);
    const onDb = await open(pg.dir, env);
    const [a, b] = await Promise.all([coreFlow(onFiles.client), coreFlow(onDb.client)]);
    expect(b.map(([name, r]) => [name, Boolean(r.isError)])).toEqual(a.map(([name, r]) => [name, Boolean(r.isError)]));
    expect(b.filter(([, r]) => r.isError).map(([name]) => name)).toEqual(['show', 'activate', 'pause']);
    for (const [i, [name, r]] of b.entries()) {
      expect(normalise(r, pg.dir), `call ${i}: ${name}`).toEqual(normalise(a[i]?.[1], files.dir));
    }
    const text = (r: Result | undefined) => (r?.content[0] as { text: string } | undefined)?.text ?? '';
    expect(text(b[4]?.[1])).toContain('built');
    expect(text(b[5]?.[1])).toContain('built-by-mcp');
    expect(text(b[5]?.[1])).toContain('to-stderr');
    expect(text(b[10]?.[1])).toContain('dec-001: Use PKCE');
    expect(b[17]?.[1].structuredContent).toMatchObject({ code: 'NOT_FOUND', hint: expect.stringContaining('track-auth-001') });
    expect(onDb.stderr()).toBe('');
    expect(onDb.protocolErrors()).toEqual([]);
    // What the tools did is in the database, as the CLI sees it.
    const shown = runOk(['show', 'track-auth-001', '--json'], { cwd: pg.dir, env }).json;
    expect(shown.status_history.map((h: { to: string }) => h.to)).toEqual(['draft', 'ready', 'active', 'paused', 'active', 'completed']);
  });

  it('a long session holds a bounded number of database connections', async () => {
    const session = await open(pg.dir, env);
    const connections = async () =>
      (
        await adminQuery<{ n: number }>(
          db().url,
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'track-manager'",
        )
      )[0]?.n ?? 0;
    let most = 0;
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 10 }, () => session.client.callTool({ name: 'list', arguments: {} })));
      most = Math.max(most, await connections());
    }
    // Two sessions on the database so far, each with one pool of at most 4 (TRACK_DB_POOL_SIZE's default).
    expect(most).toBeLessThanOrEqual(8);
    expect(session.stderr()).toBe('');
  });
});
