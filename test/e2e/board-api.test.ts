/**
 * `track ui` as a client sees it, through the built CLI: the API's answers, the same errors as the
 * CLI's, the change stream, and every refusal a hostile page or a stray request gets.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardView, CheckpointDiff, LanesView, RunLogView, TrackView } from '../../src/faces/http/api.js';
import { api, openEvents, type RunningBoard, rawRequest, startBoardProcess } from '../helpers/board.js';
import { runCli, runCliAsync, runOk } from '../helpers/cli.js';
import { gitOk } from '../helpers/git.js';
import { fileSnapshot } from '../helpers/snapshot.js';
import { tempDir } from '../helpers/temp.js';
import { startTrack } from '../helpers/watch.js';

const ROOT = join('.claude', 'conductor', 'tracks');

describe('track ui: the board API', () => {
  const t = tempDir('track-board-');
  let board: RunningBoard;
  const run = (...args: string[]) => runOk(args, { cwd: t.dir });

  beforeAll(async () => {
    gitOk(t.dir, ['init', '-q', '-b', 'main']);
    run('init');
    run('create', '--name', 'Auth', '--goal', 'Users sign in', '--id', 'track-auth', '--priority', 'P1', '--tag', 'web');
    run('create', '--name', 'Billing', '--goal', 'Invoices', '--id', 'track-billing');
    run('update', 'track-billing', '--field', 'context.prerequisites', '--value', 'track-auth');
    run('create', '--name', 'Docs', '--goal', 'Write them', '--id', 'track-docs');
    run('ready', 'track-docs');
    run('create', '--name', 'Later', '--goal', 'After the docs', '--id', 'track-later');
    run('update', 'track-docs', '--field', 'context.blocks', '--value', 'track-later');
    run('create', '--name', 'Old', '--goal', 'Done long ago', '--id', 'track-old');
    run('activate', 'track-old');
    run('complete', 'track-old', '--force');
    run('create', '--name', 'Gone', '--goal', 'Archived', '--id', 'track-gone');
    run('cancel', 'track-gone');
    run('archive', 'track-gone');
    run('create', '--name', 'Spike', '--goal', 'Try', '--id', 'track-spike');
    run('activate', 'track-spike');
    run('pause', 'track-spike');
    run(
      'step',
      'add',
      '--track-id',
      'track-auth',
      '--step-id',
      'build',
      '--name',
      'Build',
      '--action-type',
      'run-command',
      '--command',
      'echo built; echo oops >&2',
    );
    run('step', 'add', '--track-id', 'track-auth', '--step-id', 'test', '--name', 'Test', '--action-type', 'manual', '--depends-on', 'build');
    run('step', 'add', '--track-id', 'track-auth', '--step-id', 'lint', '--name', 'Lint', '--action-type', 'manual', '--depends-on', 'build');
    run(
      'step',
      'add',
      '--track-id',
      'track-auth',
      '--step-id',
      'ship',
      '--name',
      'Ship',
      '--action-type',
      'approval',
      '--approver',
      'lead',
      '--depends-on',
      'test',
    );
    run('activate', 'track-auth');
    run('checkpoint', '--reason', 'before');
    run('next');
    run('decide', 'Use PKCE', '--rationale', 'public client');
    run('checkpoint', '--reason', 'after');
    board = await startBoardProcess(t.dir);
  }, 120_000);
  afterAll(async () => {
    if (board && board.process.child.exitCode === null) await board.process.stop('SIGKILL');
    t.cleanup();
  });

  it('puts every track but the archived ones in its column, active ones with their lane and branch', async () => {
    const r = await api(board, 'board');
    expect(r.status).toBe(200);
    const view = r.json as BoardView;
    const columns = Object.fromEntries(view.tracks.map((c) => [c.track_id, c.column]));
    expect(columns).toEqual({
      'track-auth': 'active',
      'track-billing': 'blocked',
      'track-docs': 'ready',
      'track-later': 'blocked',
      'track-old': 'done',
      'track-spike': 'paused',
    });
    const auth = view.tracks.find((c) => c.track_id === 'track-auth');
    expect(auth).toMatchObject({ lane: 'default', branch: 'main', tags: ['web'], priority: 'P1', progress: { completed_steps: 1, total_steps: 4 } });
    expect(auth?.current_step?.step_id).toMatch(/^(test|lint)$/);
    expect(view.tracks.find((c) => c.track_id === 'track-billing')?.blocked_by).toEqual(['track-auth']);
    // Blocked by another open track's `blocks`, as `activate` would refuse it.
    expect(view.tracks.find((c) => c.track_id === 'track-later')?.blocked_by).toEqual(['track-docs']);
    expect(view.lane).toBe('default');
    expect(view.store).toBe(join(t.dir, ROOT));
  });

  it("serves a track's page: its critical path, timeline, runs and notes; the difference of two checkpoints; a run's log", async () => {
    const page = (await api(board, 'tracks/track-auth')).json as TrackView;
    expect(page.critical_path).toEqual(['test', 'ship']);
    expect(page.checkpoints.map((c) => [c.kind, c.reason, c.intact])).toEqual(
      expect.arrayContaining([
        ['manual', 'before', true],
        ['manual', 'after', true],
      ]),
    );
    expect(page.decisions.map((d) => d.title)).toEqual(['Use PKCE']);
    expect(page.runs.map((r) => [r.step_id, r.status])).toEqual([['build', 'succeeded']]);

    const [before, after] = ['before', 'after'].map((reason) => page.checkpoints.find((c) => c.reason === reason)?.checkpoint_id as string);
    const diff = (await api(board, `tracks/track-auth/checkpoints/${before}/diff/${after}`)).json as CheckpointDiff;
    expect(diff.changes).toEqual([
      { what: 'progress', before: '0/4 (0%)', after: '1/4 (25%)' },
      { what: 'current step', before: 'build', after: expect.stringMatching(/^(test|lint)$/) },
      { what: 'step build', before: 'Build: pending', after: 'Build: completed' },
      { what: expect.stringMatching(/^decision dec-001-\w{5}$/), before: null, after: 'Use PKCE [active]' },
      { what: expect.stringMatching(/^run run-001-\w{5}$/), before: null, after: 'succeeded' },
    ]);

    const runId = page.runs[0]?.run_id as string;
    const log = (await api(board, `tracks/track-auth/runs/${runId}/logs/stderr.log`)).json as RunLogView;
    expect(log).toMatchObject({ run_id: runId, stream: 'stderr', text: expect.stringMatching(/echo oops >&2\noops\n$/), truncated: false });
    const lanes = (await api(board, 'lanes')).json as LanesView;
    expect(lanes.lanes.map((l) => [l.lane, l.active_track_id, l.stale])).toEqual([['default', 'track-auth', null]]);
    expect((await api(board, 'stats')).json).toMatchObject({ tracks: 7 });
  });

  it("refuses what the CLI refuses, with the CLI's code, message and hint, and changes nothing", async () => {
    const before = fileSnapshot(join(t.dir, ROOT));
    for (const [action, body, cli] of [
      ['activate', { track_id: 'track-nope' }, ['activate', 'track-nope']],
      ['activate', { track_id: 'track-docs' }, ['activate', 'track-docs']],
      ['resume', { track_id: 'track-docs' }, ['resume', 'track-docs']],
      ['restore', { track_id: 'track-auth', checkpoint_id: 'checkpoint-999' }, ['restore', '--checkpoint', 'checkpoint-999', '--track-id', 'track-auth']],
      [
        'step_approve',
        { track_id: 'track-auth', step_id: 'ship', agent: 'intruder' },
        ['step', 'approve', 'ship', '--track-id', 'track-auth', '--agent', 'intruder'],
      ],
    ] as const) {
      const http = await api(board, `actions/${action}`, body);
      const expected = runCli([...cli, '--json'], { cwd: t.dir });
      expect(expected.code, `track ${cli.join(' ')}`).not.toBe(0);
      // Where the CLI turns a did-you-mean into the corrected command line, the board names the id it means.
      const suggested = expected.json.error.details.did_you_mean?.[0];
      const hint = suggested ? expect.stringContaining(`did you mean '${suggested}'`) : expected.json.error.hint;
      expect(http.json, `${action} ${JSON.stringify(body)}`).toEqual({ ok: false, error: { ...expected.json.error, hint, exit_code: expected.code } });
      expect(http.status).toBeGreaterThanOrEqual(400);
    }
    for (const [body, message] of [
      [{ to: 'track-docs', colour: 'red' }, /takes no field 'colour'/],
      [{ to: 42 }, /'to' must be a string/],
      [{ to: 'track-docs', force: 'yes' }, /'force' must be true or false/],
      [{}, /needs to/],
      [[1, 2], /takes a JSON object/],
    ] as const) {
      const r = await api(board, 'actions/switch', body);
      expect([r.status, r.json.error.code], JSON.stringify(body)).toEqual([400, 'VALIDATION']);
      expect(r.json.error.message).toMatch(message);
    }
    const headers = { 'content-type': 'application/json', origin: `http://127.0.0.1:${board.port}` };
    const path = `/${board.token}/api/actions/pause`;
    expect((await rawRequest(board.port, path, { method: 'POST', headers, body: '{"track_id":' })).json.error.message).toMatch(/not valid JSON/);
    const huge = await rawRequest(board.port, path, { method: 'POST', headers, body: JSON.stringify({ track_id: 'x'.repeat(3_000_000) }) });
    expect([huge.status, huge.json.error.message]).toEqual([400, 'the request body is over 256 KB']);
    expect((await api(board, 'actions/launch', {})).json.error.message).toMatch(/no action 'launch'.*activate, switch/);
    expect((await api(board, 'tracks/track-nope')).status).toBe(404);
    expect((await api(board, 'tracks/%E0%A4%A')).status).toBe(400);
    expect(fileSnapshot(join(t.dir, ROOT))).toEqual(before);
  });

  it('refuses a request without the token, for another host (DNS rebinding) or from another origin (CSRF)', async () => {
    const own = `127.0.0.1:${board.port}`;
    const apiPath = `/${board.token}/api/board`;
    const wrong = `/${'A'.repeat(board.token.length)}/api/board`;
    const before = fileSnapshot(join(t.dir, ROOT));
    const cases: Array<[string, string, Record<string, string>, number, string?]> = [
      ['no token', '/api/board', {}, 401],
      ['a wrong token', wrong, {}, 401],
      ['the page without its token', '/', {}, 401],
      ['a foreign Host', apiPath, { host: `attacker.example:${board.port}` }, 421],
      ['a foreign Host on this port', apiPath, { host: `attacker.example` }, 421],
      ['a foreign Origin', apiPath, { origin: 'http://attacker.example' }, 403],
      ['a null Origin', apiPath, { origin: 'null' }, 403],
      ['another port as Origin', apiPath, { origin: 'http://127.0.0.1:1' }, 403],
      ['a cross-site fetch', apiPath, { 'sec-fetch-site': 'cross-site' }, 403],
      ['a cross-origin action', `/${board.token}/api/actions/pause`, { origin: 'http://attacker.example', 'content-type': 'application/json' }, 403, 'POST'],
      ['a form post (no JSON)', `/${board.token}/api/actions/pause`, { 'content-type': 'text/plain', origin: `http://${own}` }, 415, 'POST'],
      ['a preflight', `/${board.token}/api/actions/pause`, { origin: 'http://attacker.example', 'access-control-request-method': 'POST' }, 403, 'OPTIONS'],
    ];
    for (const [what, path, headers, status, method] of cases) {
      const body = method === 'POST' ? '{"track_id":"track-auth"}' : undefined;
      const r = await rawRequest(board.port, path, { method: method ?? 'GET', headers, body });
      expect(r.status, what).toBe(status);
      expect(r.headers['access-control-allow-origin'], what).toBeUndefined();
      expect(r.text, what).not.toContain('track-auth');
    }
    expect(fileSnapshot(join(t.dir, ROOT))).toEqual(before);

    const page = await rawRequest(board.port, `/${board.token}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    const bare = await rawRequest(board.port, `/${board.token}`);
    expect([bare.status, bare.headers.location]).toEqual([308, `/${board.token}/`]);
  });

  it('streams each change another process commits within a second, and serves actions that the CLI then sees', async () => {
    const events = await openEvents(board);
    try {
      await events.next('ready');
      const started = Date.now();
      const created = await runCliAsync(['create', '--name', 'Live', '--goal', 'g', '--id', 'track-live'], { cwd: t.dir });
      expect(created.code, created.stderr).toBe(0);
      const change = await events.next('change', (data) => data.includes('track-live'));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(JSON.parse(change).tracks[0]).toMatchObject({ track_id: 'track-live', status: 'draft' });

      const switched = await api(board, 'actions/switch', { to: 'track-docs' });
      expect(switched.status, switched.text).toBe(200);
      expect(switched.json).toMatchObject({ track: { track_id: 'track-docs', status: 'active' }, paused: { track_id: 'track-auth' } });
      expect(runOk(['get-active', '--json'], { cwd: t.dir }).json.active.track_id).toBe('track-docs');
      await events.next('change', (data) => data.includes('"track-docs"') && data.includes('"active"'));
    } finally {
      events.close();
    }
  });

  it('stops cleanly on Ctrl-C, and says why it cannot start', async () => {
    expect(await board.stop()).toBe(0);
    expect(board.process.stderr()).toContain('track ui: serving');

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = await runCliAsync(['ui', '--no-open', '--port', String(port)], { cwd: t.dir });
      expect([busy.code, busy.stdout]).toEqual([2, '']);
      expect(busy.stderr).toMatch(new RegExp(`port ${port} is in use.*track ui --port 0`));
    } finally {
      taken.close();
    }
    const bad = await runCliAsync(['ui', '--no-open', '--port', '99999'], { cwd: t.dir });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/invalid port '99999'/)]);
    const nowhere = tempDir('track-board-none-');
    try {
      const none = await runCliAsync(['ui', '--no-open'], { cwd: nowhere.dir });
      expect(none.code).toBe(10);
    } finally {
      nowhere.cleanup();
    }
    const elsewhere = startTrack(['ui', '--no-open', '--host', '0.0.0.0'], { cwd: t.dir });
    try {
      const first = await elsewhere.line(() => true, 20_000);
      expect(first.text).toMatch(/^http:\/\/[^/]+:\d+\/[\w-]{32}\/$/);
      await elsewhere.said('reachable from other machines');
    } finally {
      expect(await elsewhere.stop('SIGTERM')).toBe(0);
    }
  });
});
