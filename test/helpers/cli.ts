import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../../dist/bin/track.cjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when the command ran with --json. */
  json: any;
}

const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.TRACK_MANAGER_ROOT;
  delete env.TRACK_LANE;
  return env;
};

/** Runs the built `track` CLI as a separate process. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    encoding: 'utf8',
    input: options.input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  return withJson(r.status ?? -1, r.stdout, r.stderr, args);
}

/** Runs the CLI and expects exit 0 (the failure names the command and what it printed on stderr). */
export function runOk(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliResult {
  const r = runCli(args, options);
  expect(r.code, `track ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** The same, asynchronously, so that many can run at once. */
export function runCliAsync(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv } & SpawnOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...baseEnv(), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(withJson(code ?? (signal ? 128 : -1), stdout, stderr, args)));
  });
}

function withJson(code: number, stdout: string, stderr: string, args: string[]): CliResult {
  let json: unknown;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(stdout);
    } catch {
      json = undefined;
    }
  }
  return { code, stdout, stderr, json };
}
