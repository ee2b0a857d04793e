import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const RECORDER = fileURLToPath(new URL('../helpers/startup-recorder.cjs', import.meta.url));

/** What a command loads beyond Node's own start: built-in modules, and whether it sorted with ICU. */
function startupOf(p: TempProject, args: string[], input = ''): { loaded: string[]; localeCompares: number } {
  const report = join(p.dir, 'startup-report.json');
  const r = spawnSync(process.execPath, ['-r', RECORDER, BIN, ...args], {
    cwd: p.dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, TRACK_STARTUP_REPORT: report },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(report, 'utf8'));
}

// Each of these costs a command a good part of Node's own start: processes and sockets (child_process,
// net and the streams), hashing (crypto), ICU's collator (the first localeCompare). The smaller ones
// cost a read a few tenths of a millisecond each, and a read needs none of them: the host name (os),
// sleeping (timers/promises), the bin's URL (url), the terminal's streams (tty).
const HEAVY = ['child_process', 'net', 'stream', 'crypto', 'os', 'timers/promises', 'url', 'tty'];

describe('the read commands an agent runs most', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject('track-startup-');
    const cli = (...args: string[]) => expect(runCli(args, { cwd: p.dir }).code).toBe(0);
    cli('create', '--name', 'Auth', '--goal', 'Add login');
    cli('create', '--name', 'Docs', '--goal', 'Write docs');
    cli('create', '--name', 'Ops', '--goal', 'Deploy');
    cli('create', '--name', 'Infra', '--goal', 'Racks');
    cli('activate', 'track-docs-002');
    cli('pause', '--reason', 'later');
    cli('activate', 'track-auth-001');
    cli('step', 'add', '--step-id', 'design', '--name', 'Design', '--action-type', 'manual', '--instructions', 'Draw it');
    cli('step', 'add', '--step-id', 'build', '--name', 'Build', '--action-type', 'run-command', '--command', 'true', '--depends-on', 'design');
    cli('step', 'add', '--step-id', 'check', '--name', 'Check', '--action-type', 'review', '--depends-on', 'design');
    cli('decide', 'Use OAuth', '--rationale', 'standard');
    cli('decide', 'Use OIDC');
    cli('assume', 'The IdP is up');
    cli('learn', 'Tokens expire');
  });
  afterAll(() => p.cleanup());

  it.each([
    ['get-active', ['get-active']],
    ['status', ['status']],
    ['context', ['context']],
    ['list', ['list', '--status', 'active,paused,draft']],
    ['show', ['show']],
  ])('%s loads none of the heavy built-ins and never sorts with ICU', (_, args) => {
    const { loaded, localeCompares } = startupOf(p, args);
    expect(loaded.filter((m) => HEAVY.includes(m))).toEqual([]);
    expect(localeCompares).toBe(0);
  });

  it('hook session-start sorts without ICU and starts no process', () => {
    const { loaded, localeCompares } = startupOf(
      p,
      ['hook', 'session-start'],
      JSON.stringify({ cwd: p.dir, hook_event_name: 'SessionStart', source: 'startup' }),
    );
    expect(loaded.filter((m) => m === 'child_process' || m === 'crypto')).toEqual([]);
    expect(localeCompares).toBe(0);
  });
});
