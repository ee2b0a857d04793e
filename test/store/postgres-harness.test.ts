import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { adminQuery, describeWithPostgres, sharedAdminUrl, skipOrFail, startOwnPostgres, terminateBackends, testDatabase } from '../helpers/postgres.js';
import { hydrateSymlinks, postgresBinaries } from '../helpers/postgres-binaries.js';
import { isPostgres as isRunning } from '../helpers/postgres-orphans.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describeWithPostgres('the shared test server', (db) => {
  it('gives the file a fresh, empty database on PostgreSQL 14 or newer', async () => {
    const [row] = await adminQuery(db().url, "select version(), current_setting('server_version_num')::int as num, current_database() as name");
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
    expect(row?.num).toBeGreaterThanOrEqual(140_000);
    expect(row?.name).toBe(db().name);
    expect(await adminQuery(db().url, "select tablename from pg_tables where schemaname = 'public'")).toEqual([]);
  });

  it('makes each fresh database distinct, and drops one even with a session still on it', async () => {
    const other = await testDatabase();
    const held = new pg.Client({ connectionString: other.url });
    held.on('error', () => {});
    try {
      expect(other.name).not.toBe(db().name);
      await adminQuery(db().url, 'create table only_here (n int)');
      expect(await tables(db().url)).toEqual(['only_here']);
      expect(await tables(other.url)).toEqual([]);
      await held.connect();
      await other.drop();
      expect(await adminQuery(other.adminUrl, 'select 1 from pg_database where datname = $1', [other.name])).toEqual([]);
    } finally {
      await held.end().catch(() => {});
      await other.drop();
    }
  });

  it('ends the sessions on a database for an admin', async () => {
    const session = new pg.Client({ connectionString: db().url });
    session.on('error', () => {});
    await session.connect();
    try {
      expect(await terminateBackends(db().adminUrl, db().name)).toBe(1);
      await expect(session.query('select 1')).rejects.toThrow();
    } finally {
      await session.end().catch(() => {});
    }
  });
});

describe.concurrent('servers that come and go', () => {
  it('skips a suite outside CI when no server can be reached, fails it under CI, and under CI with a server skips nothing', async (ctx) => {
    const nowhere = `postgres://nobody:not-a-real-secret@127.0.0.1:${await closedPort()}/postgres`;
    const shared = await sharedAdminUrl().catch((error: Error) => skipOrFail(ctx, error));
    const [skipped, failed, ran] = await Promise.all([gateRun(nowhere, false), gateRun(nowhere, true), gateRun(shared, true)]);

    expect(skipped.code).toBe(0);
    expect(skipped.tests).toEqual([
      { status: 'skipped', suite: expect.stringMatching(/^skipped, PostgreSQL unavailable \(.*ECONNREFUSED.*TRACK_TEST_DATABASE_URL/) },
    ]);
    expect(failed.code).toBe(1);
    expect(failed.tests).toEqual([
      { status: 'failed', suite: 'needs PostgreSQL', failure: expect.stringMatching(/PostgreSQL is required \(CI is set\) but unavailable: .*ECONNREFUSED/) },
    ]);
    expect(ran.code).toBe(0);
    expect(ran.tests).toEqual([{ status: 'passed', suite: 'needs PostgreSQL' }]);
    for (const run of [skipped, failed]) expect(run.output).not.toContain('not-a-real-secret');
  });

  it('restarts after an immediate shutdown, stops and starts again on its port, and keeps what was committed', async (ctx) => {
    const server = await startOwnPostgres(ctx);
    const base = dirname(server.dataDir);
    let postmaster = 0;
    try {
      await adminQuery(server.adminUrl, 'create table kept as select generate_series(1, 3) as n');
      const held = new pg.Client({ connectionString: server.adminUrl });
      held.on('error', () => {});
      await held.connect();
      const before = postmasterPid(server.dataDir);

      await server.restartImmediate();
      postmaster = postmasterPid(server.dataDir);
      expect(postmaster).not.toBe(before);
      expect(readFileSync(server.logFile, 'utf8')).toMatch(/not properly shut down; automatic recovery in progress/);
      await expect(held.query('select 1')).rejects.toThrow();
      await held.end().catch(() => {});
      expect(await adminQuery(server.adminUrl, 'select count(*)::int as n from kept')).toEqual([{ n: 3 }]);

      await server.stop();
      await expect(adminQuery(server.adminUrl, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
      await server.start();
      postmaster = postmasterPid(server.dataDir);
      expect(await adminQuery(server.adminUrl, 'select count(*)::int as n from kept')).toEqual([{ n: 3 }]);
    } finally {
      await server.cleanup();
    }
    expect(existsSync(base)).toBe(false);
    expect(isRunning(postmaster)).toBe(false);
  });

  it('is stopped and removed within seconds when its owner process dies by kill -9', async (ctx) => {
    const owner = await spawnOwner();
    try {
      const started = await firstLine(owner);
      if (started.startsWith('failed: ')) skipOrFail(ctx, new Error(started.slice('failed: '.length)));
      const { dataDir } = JSON.parse(started) as { dataDir: string };
      const postmaster = postmasterPid(dataDir);
      expect(isRunning(postmaster)).toBe(true);
      owner.kill('SIGKILL');
      for (let waited = 0; waited < 15_000 && (isRunning(postmaster) || existsSync(dirname(dataDir))); waited += 100) await sleep(100);
      expect(isRunning(postmaster)).toBe(false);
      expect(existsSync(dirname(dataDir))).toBe(false);
    } finally {
      owner.kill('SIGKILL');
    }
  });
});

describe('the embedded binaries', () => {
  it('recreates the library links npm left out (its install script does not run), and only those', () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'native', 'lib'), { recursive: true });
      writeFileSync(join(dir, 'native', 'lib', 'libpq.so.5.18'), 'library');
      const links = [
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' },
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so' },
      ];
      writeFileSync(join(dir, 'native', 'pg-symlinks.json'), JSON.stringify(links));
      writeFileSync(join(dir, 'native', 'lib', 'libpq.so'), 'kept');

      expect(hydrateSymlinks(dir)).toBe(1);
      expect(readlinkSync(join(dir, 'native', 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18');
      expect(readFileSync(join(dir, 'native', 'lib', 'libpq.so.5'), 'utf8')).toBe('library');
      expect(readFileSync(join(dir, 'native', 'lib', 'libpq.so'), 'utf8')).toBe('kept');
      expect(hydrateSymlinks(dir)).toBe(0);

      writeFileSync(join(dir, 'native', 'pg-symlinks.json'), JSON.stringify([{ source: 'native/lib/libpq.so.5.18', target: '../outside' }]));
      expect(() => hydrateSymlinks(dir)).toThrow(/leaves the package/);
    } finally {
      cleanup();
    }
  });

  it('has every link of the installed package in place once located', (ctx) => {
    let bins: ReturnType<typeof postgresBinaries>;
    try {
      bins = postgresBinaries();
    } catch (error) {
      return skipOrFail(ctx, error as Error);
    }
    const root = dirname(dirname(dirname(bins.pgCtl)));
    const links = JSON.parse(readFileSync(join(root, 'native', 'pg-symlinks.json'), 'utf8')) as { target: string }[];
    for (const { target } of links) expect(existsSync(join(root, target)), target).toBe(true);
  });
});

async function tables(url: string): Promise<string[]> {
  return (await adminQuery<{ tablename: string }>(url, "select tablename from pg_tables where schemaname = 'public'")).map((row) => row.tablename);
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

interface GateRun {
  code: number | null;
  output: string;
  tests: { status: string; suite: string; failure?: string }[];
}

/** A nested vitest run of the gate fixture with the given server URL, with or without CI. */
async function gateRun(url: string, ci: boolean): Promise<GateRun> {
  const { dir, cleanup } = tempDir();
  try {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CI' && !key.startsWith('VITEST')));
    const report = join(dir, 'report.json');
    const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
    const args = [vitest, 'run', '--config', 'test/fixtures/postgres-gate/vitest.config.ts', '--reporter=json', `--outputFile=${report}`];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, TRACK_TEST_DATABASE_URL: url, ...(ci ? { CI: '1' } : {}) } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    type Report = { testResults: { assertionResults: { status: string; ancestorTitles: string[]; failureMessages: string[] }[] }[] };
    const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
    const results = text ? (JSON.parse(text) as Report).testResults.flatMap((file) => file.assertionResults) : [];
    const tests = results.map((test) => ({
      status: test.status,
      suite: test.ancestorTitles.at(-1) ?? '',
      ...(test.failureMessages.length ? { failure: test.failureMessages.join('\n') } : {}),
    }));
    return { code, output: output + text, tests };
  } finally {
    cleanup();
  }
}

/** A separate process that starts its own server and then idles until killed. */
async function spawnOwner(): Promise<ChildProcess> {
  const { dir, cleanup } = tempDir();
  try {
    const server = fileURLToPath(new URL('../helpers/postgres-server.ts', import.meta.url));
    const outfile = join(dir, 'owner.mjs');
    await build({
      stdin: {
        contents: `import { startPostgresServer } from ${JSON.stringify(server)};
          startPostgresServer().then((s) => console.log(JSON.stringify({ dataDir: s.dataDir })), (e) => console.log('failed: ' + e.message));
          setInterval(() => {}, 60_000);`,
        resolveDir: dir,
        loader: 'ts',
      },
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      // the bundle finds the binaries package from where the helper lives, not from the temp dir
      define: { 'import.meta.url': JSON.stringify(new URL('../helpers/postgres-binaries.ts', import.meta.url).href) },
      logLevel: 'warning',
    });
    const script = readFileSync(outfile, 'utf8');
    return spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  } finally {
    cleanup();
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
    });
    child.on('exit', (code) => reject(new Error(`the owner process exited (${code}) before starting its server`)));
  });
}
