import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, type CliResult } from './cli.js';

/**
 * Runs command lines exactly as printed (a hint, a "next:" line) through /bin/sh, with `track`
 * on PATH running the built CLI, so quoting and `&&` are the shell's, as for a user.
 */
export function shellRunner(): { run(line: string, cwd: string, env?: NodeJS.ProcessEnv): CliResult; cleanup(): void } {
  const bin = mkdtempSync(join(tmpdir(), 'track-shell-bin-'));
  writeFileSync(join(bin, 'track'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'track'), 0o755);
  return {
    run(line, cwd, env = {}) {
      const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH ?? ''}` };
      delete base.TRACK_MANAGER_ROOT;
      const r = spawnSync('/bin/sh', ['-c', line], { cwd, env: { ...base, ...env }, encoding: 'utf8' });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: undefined };
    },
    cleanup: () => rmSync(bin, { recursive: true, force: true }),
  };
}

/** The command line a hint offers: the first `did you mean '…'` suggestion, the first quoted `'track …'`, or the `track …` that starts it or follows a colon. */
export function hintCommand(stderr: string): string {
  const hint = /\(hint: (.*)\)\s*$/.exec(stderr.trim())?.[1] ?? '';
  const suggested = /did you mean '(track [^']*)'/.exec(hint)?.[1];
  if (suggested) return suggested;
  const quoted = /'(track [^']*)'/.exec(hint)?.[1];
  if (quoted) return quoted;
  // The command runs to the first " (", ";" or ", " after it: what follows is prose.
  const after = /(?:^|: )(track .*?)(?: \(|;|, |$)/.exec(hint)?.[1];
  if (!after) throw new Error(`no command in the hint of: ${stderr}`);
  return after;
}
