/**
 * The built CLI on a database store, as a user runs it: the URL in the environment without its
 * password, the password in PGPASSWORD, never on a command line.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitOk } from './git.js';
import { adminQuery, databaseUrl } from './postgres.js';

export interface DatabaseEnv {
  /** `url` without its password. */
  url: string;
  /** TRACK_DATABASE_URL (the URL without a password) and PGPASSWORD. */
  env: NodeJS.ProcessEnv;
}

/** The environment a user has for the database at `url`: the URL with no password, the password apart. */
export function databaseEnv(url: string, variable = 'TRACK_DATABASE_URL'): DatabaseEnv {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const bare = parsed.toString();
  return { url: bare, env: { [variable]: bare, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** A fresh git repository (one commit on `main`) in its own temp dir; `cleanup` removes the dir. */
export function gitRepo(prefix: string): { base: string; dir: string; cleanup(): void } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const dir = join(base, 'repo');
  mkdirSync(dir);
  gitOk(dir, ['init', '-q']);
  gitOk(dir, ['commit', '-q', '--allow-empty', '-m', 'start']);
  return { base, dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** An empty database beside `url`'s (dropped by the returned function). */
export async function emptyDatabase(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return { url: databaseUrl(adminUrl, name), drop: async () => void (await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

/** The command line a CLI hint names (the first `'track …'`), as arguments. */
export function hinted(hint: string): string[] {
  const line = /'(track [^']+)'/.exec(hint)?.[1];
  if (!line) throw new Error(`no command in hint: ${hint}`);
  return line.split(' ').slice(1);
}
