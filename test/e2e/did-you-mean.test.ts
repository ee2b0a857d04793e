/**
 * Mistakes a user makes at the command line, through the built CLI: each gets one line of our own
 * text (never the argument parser's), the documented exit code, and a hint that works when run.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** Every file under a directory: path → content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

describe('did you mean, and errors in our own words', () => {
  const t = tempDir('track-dym-');
  const cli = (...args: string[]) => runCli(args, { cwd: t.dir });
  let id = '';
  beforeAll(() => {
    cli('init');
    id = cli('create', '--name', 'Auth', '--goal', 'g', '--json').json.track_id;
    expect(cli('activate', id).code).toBe(0);
    expect(cli('step', 'add', '--name', 'Review', '--action-type', 'review').code).toBe(0);
  });
  afterAll(() => t.cleanup());

  /** Runs a failing command: one line, the exit code, no change on disk; returns the suggested command's arguments. */
  function fails(args: string[], code: number, message: RegExp): string[] {
    const before = snapshot(t.dir);
    const r = cli(...args);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/To specify a positional|ERR_PARSE_ARGS|Option '|ambiguous|does not take an argument|\n\s+at /);
    expect(snapshot(t.dir)).toEqual(before);
    const suggested = /\(hint: did you mean 'track ([^']*)'\?\)$/.exec(r.stderr.trim())?.[1];
    return suggested ? suggested.split(' ') : [];
  }

  it('a mistyped command suggests the real one, and the suggestion runs', () => {
    const hint = fails(['lst'], 2, /^error: unknown command 'lst'/);
    expect(hint).toEqual(['list']);
    expect(cli(...hint).code).toBe(0);
    expect(fails(['tempalte', 'list'], 2, /unknown command 'tempalte'/)).toEqual(['template', 'list']);
    expect(fails(['template', 'lst'], 2, /unknown command 'template lst'/)).toEqual(['template', 'list']);
  });

  it('a mistyped option suggests the real one, with the rest of the command line kept', () => {
    const hint = fails(['create', '--nme', 'Billing', '--goal', 'invoices'], 2, /^error: unknown option '--nme' for 'track create'/);
    expect(hint).toEqual(['create', '--name', 'Billing', '--goal', 'invoices']);
    const r = cli(...hint, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.name).toBe('Billing');
  });

  it('a mistyped track id suggests the closest existing ids', () => {
    const typo = id.replace(/1$/, '2');
    const hint = fails(['show', typo], 3, new RegExp(`track '${typo}' does not exist`));
    expect(hint).toEqual(['show', id]);
    expect(cli(...hint).code).toBe(0);
    expect(fails(['history', '--track-id', 'track-ath-001'], 3, /does not exist/)).toEqual(['history', '--track-id', id]);
    const r = cli('show', typo, '--json');
    expect(r.json.error.details).toEqual({ track_id: typo, did_you_mean: [id] });
  });

  it('a mistyped step id suggests the step', () => {
    const hint = fails(['step', 'skip', '--step-id', 'step-01'], 3, /has no step 'step-01'/);
    expect(hint).toEqual(['step', 'skip', '--step-id', 'step-001']);
    expect(cli(...hint).code).toBe(0);
    expect(cli('step', 'reset', '--step-id', 'step-001').code).toBe(0);
  });

  it("the argument parser's own messages never reach the user", () => {
    fails(['list', '--nme'], 2, /^error: unknown option '--nme' for 'track list' \(hint: see 'track list --help' for its options\)\n$/);
    fails(['list', '-x'], 2, /unknown option '-x'/);
    fails(['list', '--json=yes'], 2, /option --json takes no value/);
    fails(['create', '--goal', 'g', '--name'], 2, /option --name needs a value/);
    fails(['create', '--name', '--goal', 'g'], 2, /option --name needs a value, got the option-like '--goal'/);
    fails(['--nme'], 2, /expected a command before '--nme'/);
  });

  it("'step compelte --step-id a' is an unknown command, not a second step id", () => {
    const hint = fails(['step', 'compelte', '--step-id', 'a'], 2, /^error: unknown command 'step compelte'/);
    expect(hint).toEqual(['step', 'complete', '--step-id', 'a']);
    const r = cli(...hint);
    expect(r.stderr).toMatch(/has no step 'a'/);
  });

  it('restore without a checkpoint names the missing option, and its hint lists the checkpoints', () => {
    const r = cli('restore');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: track restore needs --checkpoint ID \(hint: run 'track checkpoints' to list them/);
    expect(cli('checkpoint').code).toBe(0);
    const listed = cli('checkpoints', '--json').json.checkpoints.at(-1).checkpoint_id;
    expect(cli('restore', '--checkpoint', listed).code).toBe(0);
    expect(cli('restore', '--help').stdout).toMatch(/--checkpoint ID +the checkpoint to restore \(checkpoint-NNN\) \(required\)/);
  });

  it('track help COMMAND prints the help of that command', () => {
    const help = cli('help', 'create');
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(cli('create', '--help').stdout);
    expect(help.stdout).toMatch(/^Usage: track create /);
    expect(cli('help', 'step', 'add').stdout).toMatch(/^Usage: track step add /);
    expect(fails(['help', 'crate'], 2, /unknown command 'crate'/)).toEqual(['help', 'create']);
  });

  it('a missing artifact file is not found (exit 3); a file outside the project stays refused (exit 9)', () => {
    fails(['artifact', 'add', 'nosuchfile'], 3, /^error: no such file: .*nosuchfile/);
    const r = cli('artifact', 'add', 'nosuchfile', '--json');
    expect(r.json.error.code).toBe('NOT_FOUND');
    fails(['artifact', 'add', '/nonexistent-dir/file'], 9, /lies outside/);
    fails(['artifact', 'add', '../outside-the-project'], 9, /lies outside/);
  });

  it('never suggests the security override for a typo', () => {
    const r = cli('list', '--all');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('allow-foreign-root');
    expect(fails(['list', '--all'], 2, /unknown option '--all'/)).toEqual([]);
    const hint = fails(['decisions', '--al'], 2, /unknown option '--al'/);
    expect(hint).toEqual(['decisions', '--all']);
    expect(cli(...hint).code).toBe(0);
  });

  it('a mistyped value of a vocabulary suggests the closest one', () => {
    const status = fails(['list', '--status', 'actve'], 2, /invalid --status 'actve'/);
    expect(status).toEqual(['list', '--status', 'active']);
    expect(cli(...status).code).toBe(0);
    const type = fails(['create', '--name', 'Typed', '--goal', 'g', '--type', 'feture'], 2, /invalid type/);
    expect(type).toEqual(['create', '--name', 'Typed', '--goal', 'g', '--type', 'feature']);
    expect(cli(...type, '--json').json.type).toBe('feature');
  });

  it('a mistyped template or artifact name suggests the closest ones', () => {
    const template = fails(['template', 'show', 'featur'], 3, /no template named 'featur'/);
    expect(template).toEqual(['template', 'show', 'feature']);
    expect(cli(...template).code).toBe(0);
    writeFileSync(join(t.dir, 'notes.md'), 'notes\n');
    expect(cli('artifact', 'add', 'notes.md').code).toBe(0);
    const artifact = fails(['artifact', 'show', 'notes.mb', '--track-id', id], 3, /has no artifact 'notes.mb'/);
    expect(artifact).toEqual(['artifact', 'show', 'notes.md', '--track-id', id]);
    expect(cli(...artifact).code).toBe(0);
  });

  it("'track version' points to --version, which prints JSON with --json", () => {
    expect(fails(['version'], 2, /unknown command 'version'/)).toEqual(['--version']);
    expect(cli('--version').stdout).toBe('0.1.0\n');
    const json = cli('--version', '--json');
    expect([json.code, json.json]).toEqual([0, { version: '0.1.0' }]);
  });

  it("'track checkpoint restore' points to 'track restore --checkpoint ID' and the list of checkpoints", () => {
    fails(
      ['checkpoint', 'restore'],
      2,
      /^error: unknown command 'checkpoint restore' \(hint: did you mean 'track restore --checkpoint ID'\? \(run 'track checkpoints' to list them/,
    );
    const listed = cli('checkpoints', '--json').json.checkpoints.at(-1).checkpoint_id;
    expect(cli('restore', '--checkpoint', listed).code).toBe(0);
  });

  it('a directory given to artifact add is a usage error whose hint adds one of its files', () => {
    mkdirSync(join(t.dir, 'docs'));
    writeFileSync(join(t.dir, 'docs', 'api.md'), '# API\n');
    const r = cli('artifact', 'add', 'docs');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: '.*docs' is a directory; only files can be added as artifacts \(hint: add its files one by one, e\.g\. 'track ([^']+)'\)\n$/,
    );
    const args = (/'track ([^']+)'/.exec(r.stderr)?.[1] ?? '').split(' ');
    const added = cli(...args, '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(added.json.artifact.name).toBe('api.md');
  });
});
