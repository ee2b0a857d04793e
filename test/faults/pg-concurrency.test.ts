import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { type ClientSetup, exited, give, halfSwitches, lostUpdates, readLog, slotOf, startClient } from '../helpers/pg-clients.js';
import { badCheckpoints, databaseProblems, doubled, marksOf } from '../helpers/pg-invariants.js';
import { testPgProject } from '../helpers/pg-store.js';
import { adminQuery, describeWithPostgres } from '../helpers/postgres.js';

/**
 * 16 client processes as two hosts (8 each, every process in a lane of its own) run random
 * mutating operations at once on one database project through the built library. The default
 * suite runs 20 operations each; `npm run test:faults` (TRACK_FAULTS_FULL=1) the full 200.
 */
const FULL = process.env.TRACK_FAULTS_FULL === '1';
const CLIENTS = 16;
const OPS = FULL ? 200 : 20;

describeWithPostgres('the database store under concurrent clients', (db) => {
  it(`${CLIENTS} processes on 2 hosts × ${OPS} operations: the lane rules hold in the database and no acknowledged update is lost`, {
    timeout: FULL ? 900_000 : 120_000,
  }, async () => {
    const project = await testPgProject(db().url, 'track-pg-concurrency-');
    try {
      const setup: ClientSetup = { url: db().url, project: project.target.project, base: project.dir, logFile: join(project.dir, 'ops.log') };
      const started = Date.now();
      const clients = Array.from({ length: CLIENTS }, (_, n) => ({ n, client: startClient(setup, slotOf(n, CLIENTS).host) }));
      await Promise.all(clients.map((c) => c.client.ready));
      for (const { n, client } of clients) give(client, { id: `c${n}`, lane: slotOf(n, CLIENTS).lane, from: 0, to: OPS });
      const codes = await Promise.all(clients.map((c) => exited(c.client.child)));
      const ranMs = Date.now() - started;
      expect(codes).toEqual(clients.map(() => 0));

      const log = readLog(setup.logFile);
      const acked = log.filter((e) => e.ok);
      const refusals = new Map<string, number>();
      for (const e of log) if (!e.ok) refusals.set(e.code ?? '?', (refusals.get(e.code ?? '?') ?? 0) + 1);
      expect(log.length).toBe(CLIENTS * OPS);
      // Refusals are the lifecycle's and the lanes' (typed, expected under contention), never the store's.
      const expected = new Set(['INVALID_STATE', 'ACTIVE_TRACK_EXISTS', 'ACTIVE_IN_OTHER_LANE', 'NOT_FOUND', 'NO_ACTIVE_TRACK', 'STEP_CLAIMED', 'CONFLICT']);
      // (`resume` without an id names the paused tracks when there are several: a VALIDATION refusal.)
      expect(log.filter((e) => !e.ok && !expected.has(e.code ?? '') && !(e.op === 'resume' && e.code === 'VALIDATION'))).toEqual([]);
      expect(acked.length).toBeGreaterThan(CLIENTS * OPS * 0.3);

      expect(await databaseProblems(db().url, project.target.project)).toEqual([]);
      const store = project.store();
      const marks = await marksOf(store);
      expect(lostUpdates(log, marks)).toEqual([]);
      expect(doubled(marks)).toEqual([]);
      expect(halfSwitches(marks)).toEqual([]);
      expect(await badCheckpoints(store, [...marks.trackIds])).toEqual([]);
      // The hosts and lanes met: tracks were taken over from, or refused to, another lane.
      const [taken] = await adminQuery<{ n: number }>(
        db().url,
        "SELECT count(*)::int AS n FROM track_tracks, jsonb_array_elements(doc->'status_history') h WHERE project = $1 AND h->>'reason' LIKE 'taken over by lane %'",
        [project.target.project],
      );
      expect((taken?.n ?? 0) + (refusals.get('ACTIVE_IN_OTHER_LANE') ?? 0)).toBeGreaterThan(0);
      console.log(
        `database concurrency: ${log.length} operations by ${CLIENTS} processes in ${Math.round(ranMs / 100) / 10} s, ${acked.length} acknowledged, ` +
          `${marks.trackIds.size} tracks, ${taken?.n} take-overs between lanes; refusals ${JSON.stringify(Object.fromEntries(refusals))}`,
      );
    } finally {
      await project.cleanup();
      rmSync(project.dir, { recursive: true, force: true });
    }
  });
});
