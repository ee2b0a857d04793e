/**
 * On a colour terminal the step rows of `track status` and `track plan show` line up: columns are
 * padded by what shows on screen, not by the colour codes around it. Runs the CLI on a real
 * pseudo-terminal (`script`), as a user's shell would.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('columns on a colour terminal', () => {
  const t = tempDir('track-colour-');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  beforeAll(() => {
    expect(cli('init').code).toBe(0);
    expect(cli('activate', cli('create', '--name', 'Colour', '--goal', 'g', '--json').json.track_id).code).toBe(0);
    for (const id of ['one', 'two', 'three']) expect(cli('step', 'add', '--step-id', id, '--name', `Step ${id}`, '--action-type', 'manual').code).toBe(0);
    expect(cli('next').code).toBe(0);
    expect(cli('step', 'complete', '--step-id', 'one').code).toBe(0);
    expect(cli('step', 'skip', '--step-id', 'two').code).toBe(0);
  });
  afterAll(() => t.cleanup());

  /** The command's output on a terminal: coloured, with its escape codes. */
  function onTerminal(...args: string[]): string {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    delete env.NO_COLOR;
    delete env.TRACK_MANAGER_ROOT;
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: t.dir, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.replaceAll('\r', '');
  }

  it.each(['status', 'plan show'])('track %s: every step name starts in the same column', (command) => {
    const out = onTerminal(...command.split(' '));
    expect(out).toMatch(ANSI);
    const rows = out.split('\n').filter((line) => / Step (one|two|three) /.test(line.replace(ANSI, '')));
    expect(rows).toHaveLength(3);
    const columns = rows.map((row) => row.replace(ANSI, '').indexOf('Step '));
    expect(new Set(columns).size, rows.map((r) => r.replace(ANSI, '')).join('\n')).toBe(1);
  });
});
