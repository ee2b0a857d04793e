import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { storeProblems } from '../helpers/invariants.js';
import { tempDir } from '../helpers/temp.js';

/** The spec's Usage section, command line for command line, through the entry points `init` writes. */
describe('spec usage, verbatim, after track init', () => {
  const t = tempDir('track-seed-');
  const node = (line: string[]) => {
    const r = spawnSync(process.execPath, line, { cwd: t.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  beforeAll(() => {
    // The project has the package installed, as the entry points expect.
    mkdirSync(join(t.dir, 'node_modules'));
    symlinkSync(dirname(dirname(dirname(BIN))), join(t.dir, 'node_modules', 'track-manager'));
    expect(runCli(['init'], { cwd: t.dir }).code).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('writes a SKILL.md with today’s frontmatter', () => {
    const skill = readFileSync(join(t.dir, '.claude/skills/track-manager/SKILL.md'), 'utf8');
    const front = /^---\nname: (.+)\ndescription: (.+)\n---\n/.exec(skill);
    expect(front?.[1]).toBe('track-manager');
    expect((front?.[2] ?? '').length).toBeLessThanOrEqual(1024);
  });

  it('runs the Usage section', () => {
    const m = '.claude/skills/track-manager/manager.mjs';
    const reg = '.claude/skills/track-manager/registry.mjs';
    let r = node([m, 'create', '--name', 'Authentication Feature', '--type', 'feature', '--goal', 'Add OAuth 2.0 authentication', '--priority', 'P1']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('track-authentication-feature-001');
    r = node([m, 'create', '--name', 'Perf Optimization', '--type', 'performance', '--goal', 'Faster', '--priority', 'P2']);
    expect(r.out).toContain('track-perf-optimization-002');
    r = node([m, 'activate', '--track-id', 'track-authentication-feature-001']);
    expect(r.code, r.err).toBe(0);
    writeFileSync(
      join(t.dir, 'plan.json'),
      JSON.stringify({
        steps: [
          { name: 'Write the callback', type: 'implementation', action: { type: 'manual', instructions: 'Add the OAuth callback route' } },
          { name: 'Check node', type: 'testing', action: { type: 'run-command', command: 'node --version' } },
        ],
      }),
    );
    expect(runCli(['plan', 'set', 'plan.json'], { cwd: t.dir }).code).toBe(0);
    // Execute track steps: the next one (an agent step, handed out), then a specific one (a command, run).
    r = node([m, 'next', '--track-id', 'track-authentication-feature-001']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Add the OAuth callback route');
    r = node([m, 'step', '--track-id', 'track-authentication-feature-001', '--step-id', 'step-002']);
    expect(r.code, r.err).toBe(0);
    expect(r.out + r.err).toContain(process.version);
    const shown = runCli(['show', 'track-authentication-feature-001', '--json'], { cwd: t.dir }).json;
    expect(shown.steps.map((s: { status: string }) => s.status)).toEqual(['in-progress', 'completed']);
    r = node([m, 'pause', '--track-id', 'track-authentication-feature-001', '--reason', 'Waiting for API review']);
    expect(r.code, r.err).toBe(0);
    r = node([m, 'resume', '--track-id', 'track-authentication-feature-001']);
    expect(r.code, r.err).toBe(0);
    r = node([m, 'switch', '--to', 'track-perf-optimization-002']);
    expect(r.code, r.err).toBe(0);
    r = node([reg, 'list', '--status', 'active']);
    expect(r.out).toContain('track-perf-optimization-002');
    expect(r.out).not.toContain('track-authentication-feature-001');
    r = node([reg, 'get-active']);
    expect(r.out).toContain('track-perf-optimization-002');
    r = node([reg, 'update', '--track-id', 'track-perf-optimization-002', '--field', 'status', '--value', 'paused']);
    expect(r.code, r.err).toBe(0);
    const hist = runCli(['history', 'track-perf-optimization-002', '--json'], { cwd: t.dir }).json;
    expect(hist.history.at(-1)).toMatchObject({ from: 'active', to: 'paused' });
    expect(readFileSync(join(t.dir, '.claude/conductor/tracks/track-perf-optimization-002/checkpoints/checkpoint-001.json'), 'utf8')).toContain('sha256:');
    r = node(['.claude/skills/track-manager/track-cli.mjs', 'list', '--json']);
    expect(JSON.parse(r.out).tracks).toHaveLength(2);
    expect(storeProblems(join(t.dir, '.claude/conductor/tracks'))).toEqual([]);
  });

  it('init is idempotent and keeps the tracks', () => {
    expect(runCli(['init'], { cwd: t.dir }).code).toBe(0);
    expect(runCli(['list', '--json'], { cwd: t.dir }).json.tracks).toHaveLength(2);
  });
});
