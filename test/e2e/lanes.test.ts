import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worktreeLaneId } from '../../src/core/lanes.js';
import { runCli } from '../helpers/cli.js';
import { connectMcp } from '../helpers/mcp.js';
import { tempDir } from '../helpers/temp.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A repository with a tracks root and three linked worktrees (wt-a, wt-b, wt-c) beside it. */
describe('lanes: one store per clone, one active track per worktree', () => {
  const t = tempDir('track-lanes-');
  const main = join(t.dir, 'repo');
  const wt = (name: string) => join(t.dir, name);
  const cli = (cwd: string, ...args: string[]) => runCli(args, { cwd });
  const ok = (cwd: string, ...args: string[]) => {
    const r = cli(cwd, ...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  /** The ids `create` printed: tagged, as in every store shared through git. */
  const ids: Record<'main' | 'alpha' | 'beta' | 'gamma', string> = { main: '', alpha: '', beta: '', gamma: '' };

  beforeAll(() => {
    execFileSync('mkdir', ['-p', main]);
    git(main, 'init', '-q', '-b', 'main');
    git(main, 'commit', '-q', '--allow-empty', '-m', 'start');
    ok(main, 'init');
    for (const [key, name] of [
      ['main', 'Main work'],
      ['alpha', 'Alpha'],
      ['beta', 'Beta'],
      ['gamma', 'Gamma'],
    ] as const)
      ids[key] = ok(main, 'create', '--name', name, '--goal', `do ${name}`, '--json').json.track_id;
    for (const name of ['wt-a', 'wt-b', 'wt-c']) git(main, 'worktree', 'add', '-q', '-b', `br-${name}`, wt(name));
    execFileSync('mkdir', ['-p', join(wt('wt-c'), 'src')]);
  });
  afterAll(() => t.cleanup());

  it('each worktree activates its own track and sees only its own', () => {
    expect(ids).toMatchObject({
      main: expect.stringMatching(/^track-main-work-001-[2-9a-hjkmnp-z]{5}$/),
      gamma: expect.stringMatching(/^track-gamma-004-[2-9a-hjkmnp-z]{5}$/),
    });
    ok(main, 'activate', ids.main);
    ok(wt('wt-a'), 'activate', ids.alpha);
    ok(wt('wt-b'), 'activate', ids.beta);
    expect(ok(wt('wt-c'), 'get-active', '--json').json.active).toBeNull();
    ok(wt('wt-c'), 'activate', ids.gamma);
    const activeIn = (dir: string) => ok(dir, 'get-active', '--json').json.active?.track_id;
    expect(activeIn(main)).toBe(ids.main);
    expect(activeIn(wt('wt-a'))).toBe(ids.alpha);
    expect(activeIn(wt('wt-b'))).toBe(ids.beta);
    expect(activeIn(join(wt('wt-c'), 'src'))).toBe(ids.gamma);
    // One store: the worktrees have no tracks root of their own.
    expect(() => readFileSync(join(wt('wt-a'), '.claude/conductor/tracks/track-head.json'))).toThrow();
  });

  it("activating another lane's track is refused with the lane named; --take-over moves it and is recorded", () => {
    ok(wt('wt-c'), 'pause');
    const refused = cli(wt('wt-c'), 'activate', ids.alpha, '--json');
    expect(refused.code).toBe(14);
    const error = JSON.parse(refused.stdout).error;
    expect(error.code).toBe('ACTIVE_IN_OTHER_LANE');
    expect(error.message).toContain(`lane ${worktreeLaneId(wt('wt-a'))}`);
    expect(error.message).toContain(wt('wt-a'));
    expect(error.hint).toContain('--take-over');
    ok(wt('wt-c'), 'activate', ids.alpha, '--take-over');
    expect(ok(wt('wt-c'), 'get-active', '--json').json.active.track_id).toBe(ids.alpha);
    expect(ok(wt('wt-a'), 'get-active', '--json').json.active).toBeNull();
    const history = ok(main, 'history', '--track-id', ids.alpha, '--json').json;
    const entries = JSON.stringify(history);
    expect(entries).toContain(`taken over by lane ${worktreeLaneId(wt('wt-c'))}`);
    expect(entries).toContain(`from lane ${worktreeLaneId(wt('wt-a'))}`);
    // The hint's other way: pausing it in its lane from anywhere.
    ok(main, 'pause', '--lane', worktreeLaneId(wt('wt-c')));
    ok(wt('wt-a'), 'resume', ids.alpha);
    ok(wt('wt-c'), 'resume', ids.gamma);
    ok(main, 'doctor');
  });

  it('track lanes lists every lane with its worktree, branch and track', () => {
    const { lanes } = ok(wt('wt-b'), 'lanes', '--json').json;
    expect(lanes).toHaveLength(4);
    const byWorktree = Object.fromEntries(lanes.map((l: { worktree: string }) => [l.worktree, l]));
    expect(byWorktree[main]).toMatchObject({ lane: 'default', branch: 'main', active_track_id: ids.main, worktree_exists: true });
    expect(byWorktree[wt('wt-a')]).toMatchObject({ branch: 'br-wt-a', active_track_id: ids.alpha, current: false });
    expect(byWorktree[wt('wt-b')]).toMatchObject({ branch: 'br-wt-b', active_track_id: ids.beta, current: true });
    expect(byWorktree[wt('wt-c')]).toMatchObject({ branch: 'br-wt-c', active_track_id: ids.gamma });
    const table = ok(wt('wt-b'), 'lanes').stdout;
    expect(table).toMatch(new RegExp(`^\\* wt-b-[0-9a-f]{6} +\\. +br-wt-b +${ids.beta}`, 'm'));
  });

  it("an agent's notes land in its own lane's track, whatever another lane switches to", () => {
    ok(wt('wt-a'), 'switch', '--to', ids.gamma, '--take-over');
    ok(wt('wt-b'), 'decide', 'Use the B approach');
    const decisions = ok(main, 'decisions', '--track-id', ids.beta, '--json').json;
    expect(JSON.stringify(decisions)).toContain('Use the B approach');
    ok(wt('wt-a'), 'switch', '--to', ids.alpha);
    ok(wt('wt-c'), 'resume', ids.gamma);
  });

  it("a command step runs in the lane's worktree, and the checkpoint records its branch and path", () => {
    const plan = join(wt('wt-b'), 'plan.json');
    const where = { step_id: 'where', name: 'Where', type: 'validation', action: { type: 'run-command', command: 'pwd; git branch --show-current' } };
    writeFileSync(plan, JSON.stringify({ steps: [where] }));
    ok(wt('wt-b'), 'plan', 'set', plan);
    const next = ok(wt('wt-b'), 'next');
    expect(next.stdout).toContain(wt('wt-b'));
    expect(next.stdout).toContain('br-wt-b');
    const made = ok(wt('wt-b'), 'checkpoint', '--reason', 'again', '--json').json;
    const id = made.checkpoint_id ?? made.checkpoint?.checkpoint_id;
    const file = join(main, `.claude/conductor/tracks/${ids.beta}/checkpoints`, `${id}.json`);
    expect(JSON.parse(readFileSync(file, 'utf8')).git).toMatchObject({ branch: 'br-wt-b', worktree: wt('wt-b') });
  });

  it("the SessionStart hook given a worktree's cwd primes that lane's track", () => {
    const input = JSON.stringify({ session_id: 's', cwd: wt('wt-a'), hook_event_name: 'SessionStart', source: 'startup' });
    const r = runCli(['hook', 'session-start'], { cwd: main, input });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(ids.alpha);
    expect(r.stdout).not.toContain(ids.main);
  });

  it('the MCP server started in a worktree answers for its lane, and follows a cwd the agent passes', async () => {
    const session = await connectMcp(wt('wt-c'), ['--all-tools']);
    try {
      const own = await session.client.callTool({ name: 'get_active', arguments: {} });
      expect(JSON.stringify(own.structuredContent)).toContain(ids.gamma);
      const moved = await session.client.callTool({ name: 'get_active', arguments: { cwd: wt('wt-b') } });
      expect(JSON.stringify(moved.structuredContent)).toContain(ids.beta);
    } finally {
      await session.client.close();
    }
  });
});

describe('refusals across lanes name the way on, once', () => {
  const t = tempDir('track-lanes-hints-');
  const main = join(t.dir, 'repo');
  const wtA = join(t.dir, 'wt-a');
  const wtB = join(t.dir, 'wt-b');
  const ok = (cwd: string, ...args: string[]) => {
    const r = runCli(args, { cwd });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  const ids = { alpha: '', beta: '' };

  beforeAll(() => {
    execFileSync('mkdir', ['-p', main]);
    git(main, 'init', '-q', '-b', 'main');
    git(main, 'commit', '-q', '--allow-empty', '-m', 'start');
    ok(main, 'init');
    ids.alpha = ok(main, 'create', '--name', 'Alpha', '--goal', 'a', '--json').json.track_id;
    ids.beta = ok(main, 'create', '--name', 'Beta', '--goal', 'b', '--json').json.track_id;
    git(main, 'worktree', 'add', '-q', '-b', 'br-a', wtA);
    git(main, 'worktree', 'add', '-q', '-b', 'br-b', wtB);
    ok(wtA, 'activate', ids.alpha);
    ok(wtB, 'activate', ids.beta);
  });
  afterAll(() => t.cleanup());

  it("activating another lane's track while this lane has one: one refusal, whose hint does it", () => {
    const refused = runCli(['activate', ids.alpha], { cwd: wtB });
    expect(refused.code).toBe(14);
    const hint = /'(track switch [^']+)'/.exec(refused.stderr.split('take it over into this lane with')[1] ?? '')?.[1];
    expect(hint).toBe(`track switch --to ${ids.alpha} --take-over`);
    ok(wtB, ...(hint as string).split(' ').slice(1));
    expect(ok(wtB, 'get-active', '--json').json.active.track_id).toBe(ids.alpha);
    ok(wtA, 'activate', ids.beta);
  });

  it('over MCP, a call made with a cwd gets hints that carry it, and following one works', async () => {
    const session = await connectMcp(main, ['--all-tools']);
    try {
      const refused = await session.client.callTool({ name: 'activate', arguments: { track_id: ids.alpha, cwd: wtA } });
      expect(refused.isError).toBe(true);
      const hint = String((refused.structuredContent as { hint: string }).hint);
      expect(hint).toContain(`pause {"cwd":"${wtB}"}`);
      const call = /take it over into this lane with `switch (\{.*?\})`/.exec(hint)?.[1];
      expect(JSON.parse(call as string)).toEqual({ to: ids.alpha, take_over: true, cwd: wtA });
      const followed = await session.client.callTool({ name: 'switch', arguments: JSON.parse(call as string) });
      expect(followed.isError).toBeFalsy();
      expect(ok(wtA, 'get-active', '--json').json.active.track_id).toBe(ids.alpha);
    } finally {
      await session.client.close();
    }
  });
});
