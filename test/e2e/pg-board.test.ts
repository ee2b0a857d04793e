/** `track ui` on a database store: the board reads the database, acts through it, and streams its NOTIFY changes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BoardView } from '../../src/faces/http/api.js';
import { api, openEvents, type RunningBoard, startBoardProcess } from '../helpers/board.js';
import { runCliAsync, runOk } from '../helpers/cli.js';
import { databaseEnv, gitRepo } from '../helpers/pg-cli.js';
import { describeWithPostgres } from '../helpers/postgres.js';

describeWithPostgres('the board on a database store', (db) => {
  let repo: ReturnType<typeof gitRepo>;
  let env: NodeJS.ProcessEnv;
  let board: RunningBoard | undefined;
  const run = (...args: string[]) => runOk(args, { cwd: repo.dir, env });

  beforeAll(() => {
    repo = gitRepo('track-pg-board-');
    env = databaseEnv(db().url).env;
    run('init', '--store', 'postgres', '--project', 'board-e2e');
    run('create', '--name', 'Auth', '--goal', 'g', '--id', 'track-auth');
    run('create', '--name', 'Docs', '--goal', 'g', '--id', 'track-docs');
    run('activate', 'track-auth');
  }, 60_000);
  afterAll(async () => {
    if (board && board.process.child.exitCode === null) await board.stop();
    repo?.cleanup();
  });

  it('shows the database project, streams what other processes commit, and acts through the database', async () => {
    board = await startBoardProcess(repo.dir, env);
    const view = (await api(board, 'board')).json as BoardView;
    expect(view.store).toMatch(/^project 'board-e2e' in the database at /);
    expect(view.store).not.toContain(String(env.PGPASSWORD ?? 'no password'));
    expect(Object.fromEntries(view.tracks.map((c) => [c.track_id, c.column]))).toEqual({ 'track-auth': 'active', 'track-docs': 'draft' });

    const events = await openEvents(board);
    try {
      await events.next('ready');
      const created = await runCliAsync(['create', '--name', 'Live', '--goal', 'g', '--id', 'track-live'], { cwd: repo.dir, env });
      expect(created.code, created.stderr).toBe(0);
      const started = Date.now();
      await events.next('change', (data) => data.includes('"track-live"'));
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      events.close();
    }

    const switched = await api(board, 'actions/switch', { to: 'track-docs' });
    expect(switched.status, switched.text).toBe(200);
    expect(run('get-active', '--json').json.active.track_id).toBe('track-docs');
    const refused = await api(board, 'actions/resume', { track_id: 'track-nope' });
    expect([refused.status, refused.json.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await board.stop()).toBe(0);
  });
});
