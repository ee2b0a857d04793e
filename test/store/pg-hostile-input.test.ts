import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TrackError } from '../../src/core/errors.js';
import { exportTrack } from '../../src/features/bundles/export.js';
import { importTrack } from '../../src/features/bundles/import.js';
import { createCheckpoint, listCheckpoints } from '../../src/features/checkpoints/checkpoints.js';
import { addArtifact, getArtifact } from '../../src/features/notes/artifacts.js';
import { assume, decide, learn, listAssumptions, listDecisions, listLearnings } from '../../src/features/notes/notes.js';
import { addStep, setPlan } from '../../src/features/plan/plan.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { showTrack } from '../../src/features/tracks/queries.js';
import { updateTrack } from '../../src/features/tracks/update.js';
import type { PgStore } from '../../src/store/postgres/pg-store.js';
import { databaseProblems } from '../helpers/pg-invariants.js';
import { type TestPgProject, testPgProject } from '../helpers/pg-store.js';
import { adminQuery, describeWithPostgres } from '../helpers/postgres.js';

/** Text an attacker (or an unlucky agent) sends: SQL, placeholders, escapes, NUL, broken and exotic unicode, JSON. */
const HOSTILE = [
  `'; DROP TABLE track_tracks; --`,
  `"); DELETE FROM track_projects WHERE ''=''; --`,
  `$1 $2 $$ $tag$ ? :name %s %n`,
  `back\\slash \\\\ \\x00 \\u0000 \\' escaped`,
  `quotes ' " \` and E'\\n'`,
  `NUL \u0000 in the middle`,
  `✓ 日本語 עברית 🧵 \u202e override \u200b zero-width`,
  `lone \ud800 high and \udfff low surrogates`,
  `{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}`,
  `line\nbreaks\r\nand\ttabs`,
  '',
];

/** The i-th hostile text, at most `max` characters; the last one is `max` characters long exactly. */
function text(i: number, max: number): string {
  const base = HOSTILE[i] || `${HOSTILE[0]}🧵\u0000\\`;
  if (i < HOSTILE.length - 1) return base.slice(0, max);
  return base.repeat(Math.ceil(max / base.length)).slice(0, max);
}

/** The database's own objects: tables, columns, constraints, triggers and functions (what a stray DROP or ALTER would change). */
async function schemaOf(url: string): Promise<unknown[]> {
  return adminQuery(
    url,
    `SELECT 'column' AS kind, table_name || '.' || column_name || ':' || data_type AS what FROM information_schema.columns WHERE table_schema = 'public'
     UNION ALL SELECT 'constraint', conrelid::regclass || '.' || conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     UNION ALL SELECT 'trigger', tgrelid::regclass || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal
     UNION ALL SELECT 'function', proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
     ORDER BY 1, 2`,
  );
}

/** Every row of a project in every table, as text. */
async function rowsOf(url: string, project: string): Promise<unknown[]> {
  const tables = await adminQuery<{ t: string }>(
    url,
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'track\\_%' AND table_name <> 'track_schema' ORDER BY 1",
  );
  const out: unknown[] = [];
  for (const { t } of tables)
    out.push(
      t,
      await adminQuery(url, `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest, count(*) AS n FROM ${t} x WHERE project = $1`, [project]),
    );
  return out;
}

async function roundTrip(store: PgStore, dir: string, i: number): Promise<void> {
  const id = `hostile-${i}`;
  const s = (max: number) => text(i, max) || 'x';
  await life.createTrack(store, {
    id,
    name: s(200),
    goal: s(8_000),
    description: text(i, 20_000),
    tags: [s(64)],
    success_criteria: [s(2_000)],
  });
  await life.activateTrack(store, { track_id: id, reason: text(i, 2_000) });
  await addStep(store, { track_id: id, name: s(200), action_type: 'manual', instructions: text(i, 20_000), description: text(i, 20_000) });
  await decide(store, { track_id: id, title: s(2_000), rationale: text(i, 20_000), alternatives: [s(2_000)] });
  await assume(store, { track_id: id, text: s(2_000) });
  await learn(store, { track_id: id, text: s(20_000) });
  const bytes = Buffer.concat([Buffer.from(text(i, 5_000), 'utf8'), Buffer.from([0, 0xff, 0xfe, 0x27, 0x5c])]);
  writeFileSync(join(dir, 'artifact.bin'), bytes);
  const artifactName = s(200).replace(/[/\\\u0000-\u001f]/g, '_') || 'x';
  await addArtifact(store, { track_id: id, file: join(dir, 'artifact.bin'), name: artifactName });
  await createCheckpoint(store, { track_id: id, reason: text(i, 2_000) });
  await updateTrack(store, { track_id: id, field: 'description', value: text(i, 20_000) });
  await life.pauseTrack(store, { track_id: id, reason: text(i, 2_000) });
  await life.resumeTrack(store, { track_id: id, reason: text(i, 2_000) });

  const track = await showTrack(store, { track_id: id });
  expect([track.name, track.context.goal, track.description, track.tags, track.context.success_criteria]).toEqual([
    s(200),
    s(8_000),
    text(i, 20_000),
    [s(64)],
    [s(2_000)],
  ]);
  expect(track.steps.map((st) => [st.name, st.description, (st.action as { instructions?: string }).instructions])).toEqual([
    [s(200), text(i, 20_000), text(i, 20_000)],
  ]);
  expect(track.status_history.slice(-3).map((h) => h.reason)).toEqual(['activate', 'pause', 'resume'].map(() => text(i, 2_000) || undefined));
  const [decision] = (await listDecisions(store, { track_id: id })).items;
  expect([decision?.title, decision?.rationale, decision?.alternatives]).toEqual([s(2_000), text(i, 20_000), [s(2_000)]]);
  expect((await listAssumptions(store, { track_id: id })).items.map((a) => a.text)).toEqual([s(2_000)]);
  expect((await listLearnings(store, { track_id: id })).items.map((l) => l.text)).toEqual([s(20_000)]);
  expect((await getArtifact(store, { track_id: id, name: artifactName })).bytes.equals(bytes)).toBe(true);
  expect((await listCheckpoints(store, { track_id: id })).checkpoints.map((c) => c.reason)).toContain(text(i, 2_000) || undefined);

  // A bundle of it, imported again under a new id: the same documents.
  const bundle = await exportTrack(store, { track_id: id });
  const copy = await importTrack(store, { bundle: JSON.parse(JSON.stringify(bundle)), id: `${id}-copy` });
  const again = await showTrack(store, { track_id: copy.track.track_id });
  expect([again.name, again.context, again.description, again.steps.map((st) => st.name)]).toEqual([track.name, track.context, track.description, [s(200)]]);
}

describeWithPostgres('the database store under hostile input', (db) => {
  let victim: TestPgProject;
  let attacker: TestPgProject;

  it('stores every hostile text through every use case and reads it back exactly, leaving the schema and other projects as they were', {
    timeout: 120_000,
  }, async () => {
    victim = await testPgProject(db().url, 'track-pg-victim-');
    attacker = await testPgProject(db().url, 'track-pg-attacker-');
    try {
      const v = victim.store();
      await life.createTrack(v, { id: 'bystander', name: 'Bystander', goal: 'stays as it is' });
      await decide(v, { track_id: 'bystander', title: 'untouched' });
      const schema = await schemaOf(db().url);
      const victimRows = await rowsOf(db().url, victim.target.project);

      const store = attacker.store('lane-0');
      for (let i = 0; i < HOSTILE.length; i++) await roundTrip(attacker.store(`lane-${i}`), attacker.dir, i);
      // A plan document as JSON: hostile values are kept; a key that pollutes prototypes when merged carelessly is refused.
      const plan = (extra: string) =>
        JSON.parse(
          `{"steps": [{"step_id": "p1", "name": ${JSON.stringify(HOSTILE[0])}, "type": "implementation", "order": 1, "status": "pending", "depends_on": [], "action": {"type": "manual", "instructions": ${JSON.stringify(HOSTILE[8])}}${extra}}]}`,
        );
      const polluting = await setPlan(store, { track_id: 'hostile-0', plan: plan(', "__proto__": {"polluted": 1}') }).catch((e: unknown) => e);
      expect((polluting as TrackError).code).toBe('VALIDATION');
      await setPlan(store, { track_id: 'hostile-0', plan: plan('') });
      const planned = await showTrack(store, { track_id: 'hostile-0' });
      expect(planned.steps.map((st) => [st.name, (st.action as { instructions?: string }).instructions])).toEqual([[HOSTILE[0], HOSTILE[8]]]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      expect(await schemaOf(db().url)).toEqual(schema);
      expect(await rowsOf(db().url, victim.target.project)).toEqual(victimRows);
      expect(await databaseProblems(db().url, attacker.target.project)).toEqual([]);
      // The exact text is kept; only the jsonb copy, which cannot hold NUL, reads U+FFFD there.
      const [nul] = await adminQuery<{ body: string; goal: string }>(
        db().url,
        "SELECT body, doc->'context'->>'goal' AS goal FROM track_tracks WHERE project = $1 AND track_id = 'hostile-5'",
        [attacker.target.project],
      );
      expect(JSON.parse(nul?.body ?? '{}').context.goal).toBe(HOSTILE[5]);
      expect(nul?.goal).toBe(HOSTILE[5]?.replace('\u0000', '\ufffd'));
    } finally {
      await victim?.cleanup();
      await attacker?.cleanup();
    }
  });

  it('refuses hostile track ids with a typed error before they reach a query, changing nothing', async () => {
    const project = await testPgProject(db().url, 'track-pg-ids-');
    try {
      const store = project.store();
      await life.createTrack(store, { id: 'real', name: 'Real', goal: 'g' });
      const before = await rowsOf(db().url, project.target.project);
      const ids = ["'; DROP TABLE track_tracks; --", '$1', 'a\\b', '../real', 'real\u0000', 'REAL', 'réal', 'x'.repeat(5_000), '%', '_'];
      for (const id of ids) {
        for (const attempt of [
          () => showTrack(store, { track_id: id }),
          () => life.activateTrack(store, { track_id: id }),
          () => decide(store, { track_id: id, title: 't' }),
          () => exportTrack(store, { track_id: id }),
          () => life.createTrack(store, { id, name: 'n', goal: 'g' }),
          () => updateTrack(store, { track_id: id, field: 'goal', value: 'g' }),
        ]) {
          const failure = await attempt().then(
            () => null,
            (e: unknown) => e,
          );
          expect(failure, JSON.stringify(id.slice(0, 40))).toBeInstanceOf(TrackError);
          expect(['VALIDATION', 'NOT_FOUND']).toContain((failure as TrackError).code);
        }
      }
      expect(await rowsOf(db().url, project.target.project)).toEqual(before);
    } finally {
      await project.cleanup();
    }
  });
});
