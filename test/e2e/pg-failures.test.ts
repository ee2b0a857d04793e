import { createServer, type Server } from 'node:net';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { type CliResult, runCliAsync } from '../helpers/cli.js';
import { startPgProxy } from '../helpers/pg-proxy.js';
import { testPgProject } from '../helpers/pg-store.js';
import { describeWithPostgres, startOwnPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';

/** What a user of the CLI meets when the database fails: a typed one-line error with a hint that works, within the timeouts, never the password. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `track` against a database project and times it. */
async function track(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const r = await runCliAsync(args, { cwd, env });
  return { ...r, ms: Date.now() - started };
}

/** A project in the database at `url`, and the environment that points `track` at it. */
async function project(url: string): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const p = await testPgProject(url, 'track-pg-e2e-');
  cleanups.push(p.cleanup);
  return { dir: p.dir, env: { TRACK_DATABASE_URL: url, TRACK_PROJECT: p.target.project } };
}

/** A held session of the admin, inside a transaction. */
async function adminSession(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  cleanups.push(() => client.end().catch(() => {}));
  await client.query('BEGIN');
  return client;
}

/** A port that accepts connections and never answers (a blackholed or hung server). */
async function silentServer(): Promise<number> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((s) => sockets.add(s.on('error', () => {})));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as { port: number }).port;
}

const oneLine = (stderr: string): string[] => stderr.trimEnd().split('\n');
/** Starting node and loading the CLI on a loaded machine, on top of what a test measures. */
const STARTUP_MARGIN_MS = 3_000;

describeWithPostgres('the track CLI when the database fails', (db) => {
  it('server down: get-active exits 16 within the connect timeout, one line naming host:port with a hint that works, never the password', async (ctx) => {
    const server = await startOwnPostgres(ctx);
    const { dir, env } = await project(server.adminUrl);
    const password = decodeURIComponent(new URL(server.adminUrl).password);
    await server.stop();
    const down = await track(['get-active'], dir, { ...env, TRACK_DB_CONNECT_TIMEOUT_MS: '1500' });
    expect(down.code).toBe(16);
    expect(down.ms).toBeLessThan(1_500 + STARTUP_MARGIN_MS);
    expect(oneLine(down.stderr)).toEqual([
      expect.stringMatching(new RegExp(`cannot reach the database at 127\\.0\\.0\\.1:${server.port}: .*\\(hint: check that the server is running`)),
    ]);
    expect(down.stdout + down.stderr).not.toContain(password);
    const json = await track(['get-active', '--json'], dir, { ...env, TRACK_DB_CONNECT_TIMEOUT_MS: '500' });
    expect(json.code).toBe(16);
    expect(json.stdout + json.stderr).not.toContain(password);
    // The hint followed: the server running again, the same command works.
    await server.start();
    expect((await track(['get-active'], dir, env)).code).toBe(0);
  });

  it('a server that accepts and never answers: exits 16 once the connect timeout is spent, not after several', async () => {
    const port = await silentServer();
    const { dir, env } = await project(db().url);
    const r = await track(['get-active'], dir, {
      ...env,
      TRACK_DATABASE_URL: `postgres://track:s3cret-pw@127.0.0.1:${port}/db`,
      TRACK_DB_CONNECT_TIMEOUT_MS: '1500',
    });
    expect(r.code).toBe(16);
    expect(r.ms).toBeGreaterThanOrEqual(1_500);
    expect(r.ms).toBeLessThan(1_500 + STARTUP_MARGIN_MS);
    expect(oneLine(r.stderr)).toEqual([
      expect.stringMatching(new RegExp(`cannot reach the database at 127\\.0\\.0\\.1:${port}: .*TRACK_DB_CONNECT_TIMEOUT_MS, now 1500 ms`)),
    ]);
    expect(r.stderr).not.toContain('s3cret-pw');
  });

  it('a writer held up by another session past TRACK_DB_LOCK_TIMEOUT_MS: LOCK_TIMEOUT, exit 6, nothing written; retried after, it works', async () => {
    const { dir, env } = await project(db().url);
    const holder = await adminSession(db().url);
    await holder.query('SELECT 1 FROM track_projects WHERE project = $1 FOR UPDATE', [env.TRACK_PROJECT]);
    const held = await track(['create', '--name', 'Blocked', '--goal', 'waits'], dir, { ...env, TRACK_DB_LOCK_TIMEOUT_MS: '300' });
    expect(held.code).toBe(6);
    expect(oneLine(held.stderr)).toEqual([
      expect.stringMatching(
        /another track command kept writing this project .* gave up waiting after 300 ms: nothing was changed \(hint: retry when it finishes, or raise TRACK_DB_LOCK_TIMEOUT_MS/,
      ),
    ]);
    await holder.query('COMMIT');
    expect((await track(['list', '--json'], dir, env)).json).toEqual({ tracks: [] });
    const retried = await track(['create', '--name', 'Blocked', '--goal', 'waits'], dir, { ...env, TRACK_DB_LOCK_TIMEOUT_MS: '300' });
    expect(retried.code).toBe(0);
  });

  it('a read held up past TRACK_DB_STATEMENT_TIMEOUT_MS: exit 16 saying so, with the variable to raise; retried after, it works', async () => {
    const { dir, env } = await project(db().url);
    const holder = await adminSession(db().url);
    await holder.query('LOCK TABLE track_lanes IN ACCESS EXCLUSIVE MODE');
    const slow = await track(['get-active'], dir, { ...env, TRACK_DB_STATEMENT_TIMEOUT_MS: '400' });
    expect(slow.code).toBe(16);
    expect(oneLine(slow.stderr)).toEqual([
      expect.stringMatching(/did not answer in time \(statement timeout\).*raise TRACK_DB_STATEMENT_TIMEOUT_MS \(now 400 ms\)/),
    ]);
    await holder.query('ROLLBACK');
    expect((await track(['get-active'], dir, { ...env, TRACK_DB_STATEMENT_TIMEOUT_MS: '400' })).code).toBe(0);
  });

  it('a decision whose COMMIT loses its connection after the server committed is acknowledged and recorded once', async () => {
    const proxy = await startPgProxy(db().url);
    cleanups.push(proxy.close);
    const { dir, env } = await project(db().url);
    const via = { ...env, TRACK_DATABASE_URL: proxy.via(db().url) };
    expect((await track(['create', '--name', 'Target', '--goal', 'g', '--id', 'target'], dir, via)).code).toBe(0);
    proxy.cutCommits('after-commit');
    const r = await track(['decide', 'Use PostgreSQL', '--track-id', 'target'], dir, via);
    expect(proxy.cut).toBe(1);
    expect(r.code, r.stderr).toBe(0);
    const listed = await track(['decisions', '--track-id', 'target', '--json'], dir, env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.stringify(listed.json).match(/Use PostgreSQL/g)).toHaveLength(1);
  });

  for (const [what, reach] of [
    ['a closed port', 'closed'],
    ['a server that never answers', 'silent'],
  ] as const) {
    it(`hook session-start against ${what}: exit 0 within its budget, one warning line, nothing on stdout`, async () => {
      const port = reach === 'silent' ? await silentServer() : await closedPort();
      const { dir } = tempDir('track-pg-hook-');
      const started = Date.now();
      const r = await runCliAsync(['hook', 'session-start'], {
        cwd: dir,
        env: { TRACK_DATABASE_URL: `postgres://track:hook-pw@127.0.0.1:${port}/db`, TRACK_PROJECT: 'p' },
      });
      const ms = Date.now() - started;
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(oneLine(r.stderr)).toEqual([expect.stringMatching(/^track hook session-start: cannot reach the database at 127\.0\.0\.1:\d+/)]);
      expect(r.stderr).not.toContain('hook-pw');
      expect(ms).toBeLessThan(900 + STARTUP_MARGIN_MS);
    });
  }
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}
