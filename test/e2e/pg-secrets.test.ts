import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { type CliResult, runCliAsync } from '../helpers/cli.js';
import { adminQuery, describeWithPostgres, testDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The database URL's password never leaves the environment variable it was given in: not in any
 * command's output or error (wrong password, unreachable server, malformed URLs), not in the
 * store's rows, bundles, copies, run logs, or any file a command writes (the home directory too).
 */
const tag = randomBytes(6).toString('hex');
const ROLE = `track_secret_${tag}`;
/** Characters a URL must escape, so that both its raw and its encoded form are looked for. */
const PASSWORD = `pw@${tag}:/%?#'`;
const WRONG = `wrong-${randomBytes(6).toString('hex')}`;
const forms = (secret: string) => [secret, encodeURIComponent(secret), secret.slice(0, 14)];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}

describeWithPostgres('the database password', () => {
  it('appears in no output, error, row, bundle, copy, log or file', { timeout: 120_000 }, async () => {
    const database = await testDatabase();
    const work = tempDir('track-pg-secret-');
    try {
      await adminQuery(database.adminUrl, `CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD.replace(/'/g, "''")}'`);
      await adminQuery(database.adminUrl, `ALTER DATABASE ${database.name} OWNER TO ${ROLE}`);
      const url = new URL(database.url);
      url.username = ROLE;
      url.password = encodeURIComponent(PASSWORD);
      const home = join(work.dir, 'home');
      const project = join(work.dir, 'project');
      mkdirSync(home);
      mkdirSync(project);
      const env = { TRACK_DATABASE_URL: url.toString(), HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') };
      const outputs: CliResult[] = [];
      const track = async (args: string[], extra: NodeJS.ProcessEnv = {}, expected = 0) => {
        const r = await runCliAsync(args, { cwd: project, env: { ...env, ...extra } });
        outputs.push(r);
        if (expected >= 0) expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(expected);
        return r;
      };

      await track(['init', '--store', 'postgres']);
      await track(['create', '--name', 'Secret keeper', '--goal', 'keep it', '--id', 'keeper']);
      await track(['activate', 'keeper']);
      await track(['step', 'add', '--name', 'Build', '--action-type', 'run-command', '--command', 'echo built; echo warned >&2']);
      await track(['next']);
      await track(['decide', 'Keep secrets in the environment', '--rationale', 'never on argv']);
      await track(['checkpoint', '--reason', 'with a run']);
      await track(['export', 'keeper', '--out', join(work.dir, 'keeper.bundle.json')]);
      await track(['export', 'keeper']);
      await track(['import', join(work.dir, 'keeper.bundle.json'), '--id', 'keeper-copy']);
      await track(['db', 'copy', '--from', url.toString(), '--to', join(work.dir, 'copied')]);
      for (const args of [
        ['list', '--json'],
        ['show', 'keeper', '--json'],
        ['status'],
        ['context'],
        ['lanes', '--json'],
        ['logs'],
        ['db', 'migrate', '--json'],
      ])
        await track(args);
      await track(['hook', 'session-start']);
      await track(['doctor', '--json'], {}, -1);

      // Failures: a wrong password, a server that is not there, URLs that do not parse; as text and as JSON.
      const wrong = new URL(url);
      wrong.password = WRONG;
      const wrongLogin = await track(['get-active'], { TRACK_DATABASE_URL: wrong.toString() }, 16);
      expect(wrongLogin.stderr).toMatch(/refused the login/);
      await track(['get-active', '--json'], { TRACK_DATABASE_URL: wrong.toString() }, 16);
      const nowhere = new URL(url);
      nowhere.port = '1';
      await track(['get-active'], { TRACK_DATABASE_URL: nowhere.toString(), TRACK_DB_CONNECT_TIMEOUT_MS: '300' }, 16);
      await track(['db', 'copy', '--from', nowhere.toString(), '--to', join(work.dir, 'nowhere')], { TRACK_DB_CONNECT_TIMEOUT_MS: '300' }, -1);
      const password = encodeURIComponent(PASSWORD);
      // (Exit 2: a URL that does not parse; 16: one that parses, its password not escaped, naming a host that is not there.)
      for (const [bad, code] of [
        [`postgres://${ROLE}:${password}@127.0.0.1:99999/db`, 2],
        [`postgres://${ROLE}:${password}@[::1/db`, 2],
        [`postgres://${ROLE}:${password}%zz@127.0.0.1:1/db`, 16],
        [`postgres://${ROLE}:${PASSWORD}@127.0.0.1:1/db`, 16],
      ] as const) {
        for (const args of [['get-active'], ['get-active', '--json'], ['get-active', '--database-url', bad]]) {
          const r = await track(args, { TRACK_DATABASE_URL: bad, TRACK_DB_CONNECT_TIMEOUT_MS: '300' }, code);
          expect(r.stderr.trimEnd().split('\n'), `${bad}: ${r.stderr}`).toHaveLength(1);
        }
      }

      const printed = outputs.map((r) => r.stdout + r.stderr).join('\n');
      const rows = await adminQuery<{ t: string }>(database.url, "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'");
      expect(rows.length).toBeGreaterThan(5);
      let stored = '';
      for (const { t } of rows) stored += JSON.stringify(await adminQuery(database.url, `SELECT x::text FROM ${t} x`));
      const files = [...filesUnder(project), ...filesUnder(home), ...filesUnder(join(work.dir, 'copied')), join(work.dir, 'keeper.bundle.json')];
      expect(files.some((f) => f.includes('run-output'))).toBe(true);
      const written = files.map((f) => readFileSync(f, 'latin1')).join('\n');
      expect(stored).toContain('Keep secrets in the environment');
      expect(printed).toContain('built');
      for (const secret of [...forms(PASSWORD), ...forms(WRONG)]) {
        expect(printed.includes(secret), `printed: ${secret}`).toBe(false);
        expect(stored.includes(secret), `stored: ${secret}`).toBe(false);
        expect(written.includes(secret), `written: ${secret}`).toBe(false);
      }
    } finally {
      await database.drop();
      await adminQuery(database.adminUrl, `DROP ROLE IF EXISTS ${ROLE}`).catch(() => {});
      work.cleanup();
    }
  });
});
