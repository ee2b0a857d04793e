import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

describe('track CLI: templates, sub-tracks, dependencies, conflicts, stats, export/import', () => {
  const src = tempDir('track-e2e7-');
  const dst = tempDir('track-e2e7b-');
  const cli = (...args: string[]) => runCli(args, { cwd: src.dir });
  const root = join(src.dir, '.claude/conductor/tracks');
  beforeAll(() => {
    cli('init');
    runCli(['init'], { cwd: dst.dir });
  });
  afterAll(() => {
    src.cleanup();
    dst.cleanup();
  });

  it('creates from a template, refuses bad variables, saves a template', () => {
    const made = cli('template', 'create', '--template', 'feature', '--name', 'Login', '--goal', 'Users log in', '--id', 'track-login-001', '--json');
    expect(made.code).toBe(0);
    expect(made.json.track.steps).toHaveLength(5);
    const bad = cli('template', 'create', '--template', 'feature', '--name', 'X', '--goal', 'g', '--var', 'test_command=make`id`');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/shell command/);
    const saved = cli('template', 'save', '--from', 'track-login-001', '--name', 'login-flow');
    expect(saved.stdout).toMatch(/saved template login-flow \(5 steps\)/);
  });

  it('draws sub-tracks as a tree; a parent neither completes nor cancels over an open child without --cascade', () => {
    expect(cli('create', '--name', 'Session store', '--goal', 'g', '--parent', 'track-login-001', '--id', 'track-session-001').code).toBe(0);
    const tree = cli('list', '--tree').stdout;
    expect(tree).toMatch(/^track-login-001 .*\n└─ track-session-001 /m);
    const refused = cli('cancel', 'track-login-001');
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/open sub-tracks: track-session-001.*--cascade/);
  });

  it('refuses to activate over unfinished prerequisites (exit 11) unless --force; reports target conflicts', () => {
    cli('create', '--name', 'Schema', '--goal', 'g', '--id', 'track-schema-001');
    cli('update', 'track-login-001', '--field', 'context.prerequisites', '--value', 'track-schema-001');
    expect(cli('update', 'track-schema-001', '--field', 'context.prerequisites', '--value', 'track-login-001').stderr).toMatch(/dependency cycle/);
    cli('update', 'track-login-001', '--field', 'context.target_directories', '--value', 'src/auth');
    cli('update', 'track-schema-001', '--field', 'context.target_files', '--value', 'src/**/*.sql');
    const refused = cli('activate', 'track-login-001');
    expect(refused.code).toBe(11);
    expect(refused.stderr).toMatch(/unfinished prerequisites: track-schema-001 \(draft\).*--force/);
    const forced = cli('activate', 'track-login-001', '--force', '--json');
    expect(forced.code).toBe(0);
    expect(forced.json.conflicts[0].overlaps[0].patterns).toEqual(['src/auth/**', 'src/**/*.sql']);
    expect(cli('conflicts').stdout).toMatch(/conflict: track-login-001 and track-schema-001[\s\S]*src\/auth\/\*\*\s+∩\s+src\/\*\*\/\*\.sql/);
    expect(storeProblems(root)).toEqual([]);
  });

  it('prints stats with bar charts and writes a self-contained HTML report', () => {
    cli('pause', 'track-login-001');
    const text = cli('stats');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/by type[\s\S]*feature\s+3/);
    expect(text.stdout).toMatch(/█/);
    const html = join(src.dir, 'report.html');
    expect(cli('stats', '--html', html, '--type', 'feature').code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toMatch(/<svg /);
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('exports a bundle; a tampered copy is refused with nothing written; the intact one imports as draft', () => {
    const bundle = join(src.dir, 'login.bundle.json');
    expect(cli('export', 'track-login-001', '--out', bundle).code).toBe(0);
    const tampered = join(src.dir, 'tampered.json');
    writeFileSync(tampered, readFileSync(bundle, 'utf8').replace('Users log in', 'Users log out'));
    const dstRoot = join(dst.dir, '.claude/conductor/tracks');
    const before = readdirSync(dstRoot).sort();
    const refused = runCli(['import', tampered], { cwd: dst.dir });
    expect(refused.code).toBe(7);
    expect(readdirSync(dstRoot).sort()).toEqual(before);
    const ok = runCli(['import', bundle, '--json'], { cwd: dst.dir });
    expect(ok.code).toBe(0);
    expect(ok.json.track.status).toBe('draft');
    expect(runCli(['import', bundle], { cwd: dst.dir }).code).toBe(11);
    expect(storeProblems(dstRoot)).toEqual([]);
  });

  it('a track with a binary artifact exports and imports byte for byte', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0xc3, 0x28, 0x0a]);
    writeFileSync(join(src.dir, 'screen.png'), bytes);
    expect(cli('create', '--name', 'Screens', '--goal', 'g', '--id', 'track-screens-001').code).toBe(0);
    expect(cli('artifact', 'add', 'screen.png', '--track-id', 'track-screens-001').code).toBe(0);
    const bundle = join(src.dir, 'screens.bundle.json');
    expect(cli('export', 'track-screens-001', '--out', bundle).code).toBe(0);
    const imported = runCli(['import', bundle, '--json'], { cwd: dst.dir });
    expect(imported.code, imported.stderr).toBe(0);
    const copy = join(dst.dir, 'copy.png');
    expect(runCli(['artifact', 'get', 'screen.png', '--track-id', 'track-screens-001', '--output', copy], { cwd: dst.dir }).code).toBe(0);
    expect(readFileSync(copy).equals(bytes)).toBe(true);
    expect(runCli(['doctor'], { cwd: dst.dir }).code).toBe(0);
  });
});
