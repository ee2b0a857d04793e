/**
 * The bin answers the commands agents run all the time from the quick bundle (dist/bin/quick.cjs)
 * and everything else from the full CLI (cli.cjs). Whichever answers, the answer must be the full
 * CLI's: the same output, errors and exit code for the quick commands, their help, typos, stray
 * words and bad options.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runOk } from '../helpers/cli.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const BUNDLES = join(BIN, '..');

/** Runs the full CLI bundle the way the bin does, without the quick bundle in front of it. */
const FULL_CLI = `
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const file = ${JSON.stringify(join(BUNDLES, 'cli.cjs'))};
const bundle = { exports: {} };
new Script(readFileSync(file, 'utf8'), { filename: file }).runInThisContext()(bundle.exports, require, bundle, file, ${JSON.stringify(BUNDLES)});
bundle.exports.run(process.argv.slice(1), { binUrl: 'file://' + ${JSON.stringify(BIN)} }).then((code) => { process.exitCode = code; });
`;

/** Preloaded into the bin: records which bundles it compiled. */
const RECORDER = `
const vm = require('node:vm');
const { appendFileSync } = require('node:fs');
const Script = vm.Script;
vm.Script = function (source, options) {
  appendFileSync(process.env.TRACK_BUNDLES_LOG, require('node:path').basename(options.filename) + '\\n');
  return new Script(source, options);
};
`;

describe('the quick bundle', () => {
  let p: TempProject;
  let recorder = '';
  let log = '';
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TRACK_BUNDLES_LOG: log };
    delete e.TRACK_MANAGER_ROOT;
    delete e.TRACK_LANE;
    return e;
  };
  const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: p.dir, env: env(), encoding: 'utf8', input: '' });
  /** The bin's answer, and the bundles it loaded. */
  const viaBin = (argv: string[]) => {
    writeFileSync(log, '');
    const r = run(['-r', recorder, BIN, ...argv]);
    return { answer: { code: r.status, stdout: r.stdout, stderr: r.stderr }, bundles: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  };
  const viaFullCli = (argv: string[]) => {
    const r = run(['-e', FULL_CLI, ...argv]);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(() => {
    p = tempProject('track-quick-');
    recorder = join(p.dir, 'recorder.cjs');
    log = join(p.dir, 'bundles.log');
    writeFileSync(recorder, RECORDER);
    runOk(['create', '--name', 'Auth', '--goal', 'Add login'], { cwd: p.dir });
    runOk(['create', '--name', 'Docs', '--goal', 'Write docs'], { cwd: p.dir });
    runOk(['activate', 'track-docs-002'], { cwd: p.dir });
    runOk(['pause', '--reason', 'later'], { cwd: p.dir });
    runOk(['activate', 'track-auth-001'], { cwd: p.dir });
    runOk(['step', 'add', '--step-id', 'design', '--name', 'Design', '--action-type', 'manual'], { cwd: p.dir });
    runOk(['decide', 'Use OAuth'], { cwd: p.dir });
  });
  afterAll(() => p.cleanup());

  it.each([
    'get-active',
    'get-active --json',
    'status',
    'status track-docs-002 --json',
    'status track-nope-009',
    'context',
    'context --format json --no-git',
    'context --budget 5',
    'list',
    'list --tree',
    'list --status paused,draft --json',
    'list --status bogus',
    'hook session-start',
  ])('answers `track %s` itself, as the full CLI does', (command) => {
    const argv = command.split(' ');
    const { answer, bundles } = viaBin(argv);
    expect(bundles).toEqual(['quick.cjs']);
    expect(answer).toEqual(viaFullCli(argv));
  });

  it.each([
    'status --help',
    'list -h',
    'list --colour',
    'list --status',
    'get-active extra',
    'list show',
    'context share --from track-auth-001 --to track-docs-002 --decision decision-001',
    'context shrae',
    'status a b',
    'hook',
    'hook session-stat',
    'hook session-start --budget',
  ])('leaves `track %s` to the full CLI, which answers as always', (command) => {
    const argv = command.split(' ');
    const { answer, bundles } = viaBin(argv);
    expect(bundles).toEqual(['quick.cjs', 'cli.cjs']);
    expect(answer).toEqual(viaFullCli(argv));
  });

  it('answers every other command from the full CLI alone', () => {
    const { answer, bundles } = viaBin(['show', '--json']);
    expect(bundles).toEqual(['cli.cjs']);
    expect(answer.code).toBe(0);
  });
});
