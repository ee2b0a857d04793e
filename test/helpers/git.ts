/** git as the tests run it: a fixed author, `main` as the first branch, and the caller's environment unless one is given. */
import { spawnSync } from 'node:child_process';

const IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main'];

/** Runs git; its status and what it printed (stdout then stderr), for a step that may fail. */
export function gitResult(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number; out: string } {
  const r = spawnSync('git', [...IDENTITY, ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Runs git and returns its stdout; throws with what git said when it fails. */
export function gitOk(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync('git', [...IDENTITY, ...args], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}
