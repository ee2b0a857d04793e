import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createTrack } from '../../src/features/tracks/lifecycle.js';
import type { ClientSetup } from '../helpers/pg-clients.js';
import { halfSwitches, lostUpdates, readLog } from '../helpers/pg-clients.js';
import { badCheckpoints, databaseProblems, doubled, marksOf } from '../helpers/pg-invariants.js';
import { ClientPool, killMidTransaction, terminateRandomSession } from '../helpers/pg-nemesis.js';
import { testPgProject } from '../helpers/pg-store.js';
import { startOwnPostgres } from '../helpers/postgres.js';

/**
 * 16 client processes on two hosts (a lane each) run random operations on one database project
 * while a nemesis SIGKILLs clients — most while the server shows their session inside a
 * transaction, frozen first so that it provably is — ends random sessions with
 * pg_terminate_backend, and restarts the server with an immediate shutdown (crash recovery from
 * the WAL). The default suite: 20 s of chaos and one restart. `npm run test:faults`
 * (TRACK_FAULTS_FULL=1): every one of the 16 × 200 operations, a strike per 36 operations logged,
 * three restarts spread over them.
 */
const FULL = process.env.TRACK_FAULTS_FULL === '1';
const SLOTS = 16;
const SPARES_PER_HOST = 2;
const OPS = 200;
const CHAOS_MS = FULL ? 600_000 : 20_000;
/** The default run strikes every ~0.7 s; the full run once per this many operations logged, however fast the machine is. */
const STRIKE_EVERY_MS = 700;
const OPS_PER_STRIKE = 36;
const RESTARTS = FULL ? 3 : 1;
const MIN_KILLS = FULL ? 30 : 5;
const MIN_MID_TRANSACTION_KILLS = FULL ? 10 : 2;
const MIN_TERMINATIONS = FULL ? 30 : 5;
/** Waits until `ready()`, polling; at most 5 s, so that restarts stay on schedule. */
async function pace(ready: () => boolean): Promise<void> {
  for (const until = Date.now() + 5_000; !ready() && Date.now() < until; ) await sleep(50 + Math.random() * 50);
}
/** Failures a client may meet: the lifecycle's and the lanes' refusals, and the database's typed ones. */
const TYPED = new Set(['INVALID_STATE', 'ACTIVE_TRACK_EXISTS', 'ACTIVE_IN_OTHER_LANE', 'NOT_FOUND', 'DATABASE_UNAVAILABLE', 'LOCK_TIMEOUT']);

it(`${SLOTS} database clients on 2 hosts under SIGKILL mid-transaction, pg_terminate_backend and ${RESTARTS} immediate server restart(s): invariants hold, nothing acknowledged is lost or applied twice`, {
  timeout: CHAOS_MS + 180_000,
}, async (ctx) => {
  const server = await startOwnPostgres(ctx);
  const project = await testPgProject(server.adminUrl, 'track-pg-nemesis-');
  ctx.onTestFinished(project.cleanup);
  const setup: ClientSetup = {
    url: server.adminUrl,
    project: project.target.project,
    base: project.dir,
    logFile: join(project.dir, 'ops.log'),
    env: { TRACK_DB_CONNECT_TIMEOUT_MS: '3000' },
  };
  const pool = new ClientPool(setup, SLOTS, OPS);
  await pool.start(SPARES_PER_HOST);

  const tally = { kills: 0, midTransaction: 0, terminations: 0, terminatedInTransaction: 0, restarts: 0, strikeErrors: 0 };
  const started = Date.now();
  const end = started + CHAOS_MS;
  // Restarts spread evenly: over the chaos time, or (the full run, which ends when every operation ran) over the operations.
  const share = (k: number) => (k + 1) / (RESTARTS + 1);
  const restartDue = (k: number) => (FULL ? readLog(setup.logFile).length >= SLOTS * OPS * share(k) : Date.now() >= started + CHAOS_MS * share(k));
  let round = 0;
  while (pool.live.size > 0 && Date.now() < end) {
    if (FULL) await pace(() => readLog(setup.logFile).length >= (round + 1) * OPS_PER_STRIKE || pool.live.size === 0);
    else await sleep(STRIKE_EVERY_MS * (0.5 + Math.random()));
    if (tally.restarts < RESTARTS && restartDue(tally.restarts)) {
      await server.restartImmediate();
      tally.restarts++;
      continue;
    }
    try {
      if (round++ % 2 === 0) {
        // Most kills aim at a client inside a transaction; some at whatever a random client is doing.
        let hit: Awaited<ReturnType<typeof killMidTransaction>> = null;
        const aim = Math.random() < 0.85;
        for (let tries = 0; aim && tries < 15 && !hit; tries++) {
          hit = await killMidTransaction(pool, server.adminUrl);
          if (!hit) await sleep(20);
        }
        if (!hit) {
          const victim = pool.any();
          if (victim?.child.kill('SIGKILL')) hit = { client: victim, midTransaction: false };
        }
        if (hit) {
          tally.kills++;
          if (hit.midTransaction) tally.midTransaction++;
          pool.restart(hit.client);
        }
      } else {
        const ended = await terminateRandomSession(server.adminUrl);
        if (ended) {
          tally.terminations++;
          if (ended.inTransaction) tally.terminatedInTransaction++;
        }
      }
    } catch {
      tally.strikeErrors++; // the server was restarting
    }
  }
  const chaosMs = Date.now() - started;
  await pool.killAll();

  const log = readLog(setup.logFile);
  const acked = log.filter((e) => e.ok);
  const codes = new Map<string, number>();
  for (const e of log) if (!e.ok) codes.set(e.code ?? '?', (codes.get(e.code ?? '?') ?? 0) + 1);
  console.log(
    `database nemesis: ${log.length} operations (${acked.length} acknowledged) by ${pool.started} client processes in ${Math.round(chaosMs / 1000)} s; ` +
      `${tally.kills} SIGKILLs (${tally.midTransaction} provably mid-transaction), ${tally.terminations} sessions terminated ` +
      `(${tally.terminatedInTransaction} in a transaction), ${tally.restarts} immediate restart(s); failures ${JSON.stringify(Object.fromEntries(codes))}`,
  );
  expect(tally.restarts).toBe(RESTARTS);
  expect(tally.kills, 'SIGKILLs delivered').toBeGreaterThanOrEqual(MIN_KILLS);
  expect(tally.midTransaction, 'SIGKILLs of a client inside a transaction').toBeGreaterThanOrEqual(MIN_MID_TRANSACTION_KILLS);
  expect(tally.terminations, 'sessions terminated').toBeGreaterThanOrEqual(MIN_TERMINATIONS);
  expect(acked.length).toBeGreaterThan(50);
  // Every failure is typed: a refusal, or the database unreachable for a while. Never a half-done commit (INTERNAL) or an untyped crash.
  expect(log.filter((e) => !e.ok && !TYPED.has(e.code ?? '') && !(e.op === 'resume' && e.code === 'VALIDATION'))).toEqual([]);

  expect(await databaseProblems(server.adminUrl, project.target.project)).toEqual([]);
  const store = project.store();
  const marks = await marksOf(store);
  expect(lostUpdates(log, marks), 'acknowledged but not in the database').toEqual([]);
  expect(doubled(marks), 'applied twice').toEqual([]);
  expect(halfSwitches(marks), 'a switch half applied').toEqual([]);
  expect(await badCheckpoints(store, [...marks.trackIds])).toEqual([]);
  // And the store goes on working.
  await createTrack(store, { name: 'After the storm', goal: 'the store still works' });
  expect(await databaseProblems(server.adminUrl, project.target.project)).toEqual([]);
});
