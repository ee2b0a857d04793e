/**
 * Trust for commands that arrive through git, through the built CLI on real repositories: two
 * clones of one origin, a step added on one and pulled into the other.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { connectMcp } from '../helpers/mcp.js';
import { tempDir } from '../helpers/temp.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'pull.rebase=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const ROOT = '.claude/conductor/tracks';
let ID = '';

/** Every file under `dir` with its exact bytes. */
function bytesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = readFileSync(p, 'base64');
    }
  };
  walk(dir, '');
  return out;
}

/** The command a hint names (between quotes), as arguments after `track`. */
const hinted = (hint: string): string[] => {
  const line = /'(track [^']+)'/.exec(hint)?.[1];
  if (!line) throw new Error(`no command in hint: ${hint}`);
  return line.split(' ').slice(1);
};

describe('commands that arrive through git run only once approved', () => {
  const t = tempDir('track-trust-');
  const origin = join(t.dir, 'origin.git');
  const a = join(t.dir, 'a');
  const b = join(t.dir, 'b');
  const cli = (cwd: string, ...args: string[]) => runCli(args, { cwd });
  const ok = (cwd: string, ...args: string[]) => {
    const r = cli(cwd, ...args);
    expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
    return r;
  };
  const commitAll = (cwd: string, message: string) => {
    git(cwd, 'add', '-A');
    git(cwd, 'commit', '-q', '-m', message);
  };

  beforeAll(() => {
    git(t.dir, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
    git(t.dir, 'clone', '-q', origin, 'a');
    ok(a, 'init');
    // The trust file is this clone's own, never committed.
    appendFileSync(join(a, ROOT, '.gitignore'), 'trust.json\n');
    ID = ok(a, 'create', '--name', 'Shared', '--goal', 'work on it together', '--json').json.track_id;
    ok(a, 'activate', ID);
  });
  afterAll(() => t.cleanup());

  it('a step written locally runs at once', () => {
    ok(a, 'step', 'add', '--step-id', 'local', '--name', 'Local', '--action-type', 'run-command', '--command', 'echo written-here > local.out');
    ok(a, 'next');
    expect(readFileSync(join(a, 'local.out'), 'utf8')).toBe('written-here\n');
    commitAll(a, 'a track with a step');
    git(a, 'push', '-q', 'origin', 'HEAD:main');
  });

  it('a step added on the other clone and pulled in is refused by next, even after local edits, until track trust approves it', async () => {
    git(t.dir, 'clone', '-q', origin, 'b');
    ok(b, 'step', 'add', '--track-id', ID, '--step-id', 'from-b', '--name', 'From B', '--action-type', 'run-command', '--command', 'echo from-b > from-b.out');
    commitAll(b, 'a step from b');
    git(b, 'push', '-q', 'origin', 'HEAD:main');

    git(a, 'pull', '-q', 'origin', 'main');
    expect(existsSync(join(a, ROOT, 'trust.json'))).toBe(true);
    // Editing the track here (a decision, the pulled step's own name) never approves the pulled command.
    ok(a, 'decide', 'Keep going', '--rationale', 'edits must not approve a pulled command');
    ok(a, 'step', 'edit', 'from-b', '--name', 'From B, renamed here');

    const before = bytesUnder(join(a, ROOT));
    const refused = cli(a, 'next', '--json');
    expect(refused.code).toBe(15);
    const error = refused.json.error;
    expect(error.code).toBe('UNTRUSTED_COMMAND');
    expect(error.message).toContain(ID);
    expect(error.message).toContain('from-b');
    expect(error.message).toContain('echo from-b > from-b.out');
    expect(error.hint).toContain(`'track trust ${ID}'`);
    expect(existsSync(join(a, 'from-b.out'))).toBe(false);
    expect(bytesUnder(join(a, ROOT))).toEqual(before);

    // The human form says the same on one line; --dry-run shows the refusal too.
    const human = cli(a, 'next');
    expect(human.code).toBe(15);
    expect(human.stderr).toMatch(/not approved: echo from-b > from-b\.out \(hint: .*'track trust track-shared-001-[2-9a-hjkmnp-z]{5}'\)/);
    const dry = ok(a, 'next', '--dry-run', '--json').json;
    expect(dry.would.untrusted).toEqual(['from-b: echo from-b > from-b.out']);
    expect(dry.would.do).toContain(`track trust ${ID}`);
    expect(bytesUnder(join(a, ROOT))).toEqual(before);

    // Over MCP the next tool refuses the same way; approving is left to a person at a shell.
    const mcp = await connectMcp(a);
    try {
      const viaMcp = await mcp.client.callTool({ name: 'next', arguments: {} });
      expect(viaMcp.isError).toBe(true);
      const payload = viaMcp.structuredContent as { code: string; hint: string };
      expect(payload.code).toBe('UNTRUSTED_COMMAND');
      expect(payload.hint).toContain(`track trust ${ID}`);
      expect(payload.hint).toContain('shell');
    } finally {
      await mcp.client.close();
    }
    expect(existsSync(join(a, 'from-b.out'))).toBe(false);
    expect(bytesUnder(join(a, ROOT))).toEqual(before);

    // Following the hint shows what it approves, then next runs the command.
    const listed = ok(a, 'trust', ID, '--dry-run', '--json').json;
    expect(listed).toMatchObject({ checked: true, approved: false, commands: [{ track_id: ID, step_id: 'from-b', command: 'echo from-b > from-b.out' }] });
    const approved = ok(a, ...hinted(error.hint));
    expect(approved.stdout).toContain('approved 1 command(s)');
    expect(approved.stdout).toContain(`${ID} from-b: echo from-b > from-b.out`);
    ok(a, 'next');
    expect(readFileSync(join(a, 'from-b.out'), 'utf8')).toBe('from-b\n');
    expect(ok(a, 'trust', ID, '--json').json).toMatchObject({ checked: true, commands: [], approved: false });
  });

  it('in the other clone, the command pulled from the first is the one refused, its own runs', () => {
    git(b, 'pull', '-q', 'origin', 'main');
    // Clone b wrote from-b itself; local came from clone a.
    const listed = ok(b, 'trust', ID, '--dry-run', '--json').json;
    expect(listed.commands.map((c: { step_id: string }) => c.step_id)).toEqual(['local']);
    expect(cli(b, 'trust', ID, '--step', 'nope').code).toBe(3);
    expect(cli(b, 'trust', ID, '--all').code).toBe(2);
    expect(ok(b, 'trust', ID, '--step', 'from-b', '--json').json.commands).toEqual([]);
    const all = ok(b, 'trust', '--all', '--json').json;
    expect(all).toMatchObject({ approved: true, commands: [{ track_id: ID, step_id: 'local', command: 'echo written-here > local.out' }] });
    expect(ok(b, 'trust', '--all', '--dry-run', '--json').json.commands).toEqual([]);
  });

  it('a workflow definition is a file people write, never a transaction: its commands run once approved', () => {
    mkdirSync(join(a, '.claude/conductor/workflows'), { recursive: true });
    writeFileSync(join(a, '.claude/conductor/workflows/check.yaml'), 'tasks:\n  - name: say\n    command: echo workflow-ran > workflow.out\n');
    ok(a, 'step', 'add', '--name', 'Workflow', '--action-type', 'run-workflow', '--workflow', 'check');
    const refused = cli(a, 'next', '--json');
    expect(refused.code).toBe(15);
    expect(refused.json.error.message).toContain("task 'say' of workflow 'check'");
    expect(existsSync(join(a, 'workflow.out'))).toBe(false);
    ok(a, ...hinted(refused.json.error.hint));
    ok(a, 'next');
    expect(readFileSync(join(a, 'workflow.out'), 'utf8')).toBe('workflow-ran\n');
  });

  it('a damaged trust file is an error with a hint that works, never "trust everything"', () => {
    ok(a, 'step', 'add', '--name', 'Again', '--action-type', 'run-command', '--command', 'echo again > again.out');
    const trustFile = join(a, ROOT, 'trust.json');
    writeFileSync(trustFile, '{"format":"track-trust/1","commands":[{"sha256":"nope"}]}');
    const damaged = cli(a, 'next', '--json');
    expect(damaged.code).toBe(8);
    expect(damaged.json.error.message).toContain('trust.json');
    expect(existsSync(join(a, 'again.out'))).toBe(false);
    const mv = /\(mv '([^']+)' '([^']+)'\)/.exec(damaged.json.error.hint);
    expect(mv).not.toBeNull();
    execFileSync('mv', [mv?.[1] as string, mv?.[2] as string]);
    // Without the record nothing is approved, not even what this clone wrote before.
    const refused = cli(a, 'next', '--json');
    expect(refused.code).toBe(15);
    ok(a, ...hinted(refused.json.error.hint));
    ok(a, 'next');
    expect(readFileSync(join(a, 'again.out'), 'utf8')).toBe('again\n');
  });
});

describe('outside git nothing is checked', () => {
  const t = tempDir('track-trust-nogit-');
  afterAll(() => t.cleanup());

  it('commands run as written, no trust file is kept, track trust has nothing to do', () => {
    const ok = (...args: string[]) => {
      const r = runCli(args, { cwd: t.dir });
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
      return r;
    };
    ok('init');
    ok('create', '--name', 'Alone', '--goal', 'no git here');
    ok('activate', 'track-alone-001');
    // A step as git would have delivered it: written into track.json by something other than track.
    const file = join(t.dir, ROOT, 'track-alone-001', 'track.json');
    ok('step', 'add', '--name', 'Here', '--action-type', 'run-command', '--command', 'echo here > here.out');
    writeFileSync(file, readFileSync(file, 'utf8').replace('echo here > here.out', 'echo elsewhere > here.out'));
    ok('next');
    expect(readFileSync(join(t.dir, 'here.out'), 'utf8')).toBe('elsewhere\n');
    expect(existsSync(join(t.dir, ROOT, 'trust.json'))).toBe(false);
    expect(ok('trust', '--json').json).toEqual({ checked: false, commands: [], approved: false });
  });
});
