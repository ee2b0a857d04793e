import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidStateError, UnsafePathError, ValidationError } from '../../src/core/errors.js';
import { createCheckpoint, listCheckpoints } from '../../src/features/checkpoints/checkpoints.js';
import { addArtifact, getArtifact, listArtifacts } from '../../src/features/notes/artifacts.js';
import { assume, decide, learn, listAssumptions, listDecisions, listLearnings, resolveAssumption } from '../../src/features/notes/notes.js';
import { shareContext } from '../../src/features/notes/share.js';
import { renderContext } from '../../src/features/primer/primer-text.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { executeWithinTrack } from '../../src/features/tracks/orchestrator.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempDir, tempProject } from '../helpers/temp.js';
import { activeTrack } from '../helpers/tracks.js';

const SECRET = 'only-in-track-A';

describe('track-scoped context', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  async function twoTracksWithDataInA() {
    p = tempProject();
    const a = await activeTrack(p.store, 'A');
    const b = await life.createTrack(p.store, { name: 'B', goal: 'goal of B' });
    await decide(p.store, { title: `decision ${SECRET}`, rationale: `because ${SECRET}` });
    await assume(p.store, { text: `assumption ${SECRET}` });
    await learn(p.store, { text: `learning ${SECRET}` });
    writeFileSync(join(p.dir, 'a.txt'), `artifact ${SECRET}`);
    await addArtifact(p.store, { file: join(p.dir, 'a.txt'), name: 'a.txt' });
    return { a: a.track_id, b: b.track_id };
  }

  it('writes into the active track only: B sees nothing of A in listings, primer or checkpoint', async () => {
    const { a, b } = await twoTracksWithDataInA();
    expect((await listDecisions(p.store, { track_id: a })).items).toHaveLength(1);
    for (const list of [listDecisions, listAssumptions, listLearnings, listArtifacts]) {
      expect((await list(p.store, { track_id: b })).items).toEqual([]);
    }
    const primerB = await p.store.read((r) => renderContext(r, b, { format: 'json' }));
    expect(primerB).not.toContain(SECRET);
    await createCheckpoint(p.store, { track_id: b });
    const bFiles = readdirSync(join(p.root, b), { recursive: true }) as string[];
    for (const f of bFiles.filter((f) => f.endsWith('.json'))) expect(readFileSync(join(p.root, b, f), 'utf8')).not.toContain(SECRET);
    expect(bFiles.some((f) => f.startsWith('objects'))).toBe(false);
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('bridging copies exactly one item, with provenance, and refuses copying it twice', async () => {
    const { a, b } = await twoTracksWithDataInA();
    await decide(p.store, { title: 'second decision' });
    const r = await shareContext(p.store, { from: a, to: b, decision: 'dec-001' });
    expect(r.shared.kind).toBe('decision');
    const decisions = (await listDecisions(p.store, { track_id: b })).items;
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ id: 'dec-001', title: `decision ${SECRET}`, provenance: { from_track: a, item_id: 'dec-001' } });
    expect((await listAssumptions(p.store, { track_id: b })).items).toEqual([]);
    expect((await listArtifacts(p.store, { track_id: b })).items).toEqual([]);
    await expect(shareContext(p.store, { from: a, to: b, decision: 'dec-001' })).rejects.toBeInstanceOf(ConflictError);
    await shareContext(p.store, { from: a, to: b, artifact: 'a.txt' });
    const got = await getArtifact(p.store, { track_id: b, name: 'a.txt' });
    expect(got.bytes.toString()).toBe(`artifact ${SECRET}`);
    expect(got.artifact.provenance).toMatchObject({ from_track: a, item_id: 'a.txt' });
    await expect(shareContext(p.store, { from: a, to: b, decision: 'dec-001', assumption: 'asm-001' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('supersedes decisions with links both ways and closes assumptions once', async () => {
    p = tempProject();
    await activeTrack(p.store, 'A');
    await decide(p.store, { title: 'Use implicit flow' });
    const d2 = await decide(p.store, { title: 'Use PKCE', rationale: 'public client', alternatives: ['implicit'], supersedes: 'dec-001' });
    const items = (await listDecisions(p.store)).items;
    expect(items[0]).toMatchObject({ status: 'superseded', superseded_by: d2.id });
    expect(items[1]).toMatchObject({ status: 'active', supersedes: 'dec-001', alternatives: ['implicit'] });
    await expect(decide(p.store, { title: 'x', supersedes: 'dec-001' })).rejects.toBeInstanceOf(InvalidStateError);
    await assume(p.store, { text: 'limit is 100/s' });
    const v = await resolveAssumption(p.store, { id: 'asm-001', outcome: 'invalidated', evidence: 'it is 10/s' });
    expect(v).toMatchObject({ status: 'invalidated', evidence: 'it is 10/s' });
    await expect(resolveAssumption(p.store, { id: 'asm-001', outcome: 'validated' })).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('a context change on a paused track survives resume', async () => {
    p = tempProject();
    const a = await activeTrack(p.store, 'A');
    await life.pauseTrack(p.store);
    await decide(p.store, { track_id: a.track_id, title: 'decided while paused' });
    await life.resumeTrack(p.store, a.track_id);
    expect((await listDecisions(p.store)).items.map((d) => d.title)).toEqual(['decided while paused']);
  });

  it('refuses artifact sources outside the project, symlinks out of it, and names with separators', async () => {
    p = tempProject();
    await activeTrack(p.store, 'A');
    const outside = tempDir();
    try {
      writeFileSync(join(outside.dir, 'secret'), 'x');
      await expect(addArtifact(p.store, { file: join(outside.dir, 'secret') })).rejects.toBeInstanceOf(UnsafePathError);
      symlinkSync(join(outside.dir, 'secret'), join(p.dir, 'link'));
      await expect(addArtifact(p.store, { file: join(p.dir, 'link') })).rejects.toBeInstanceOf(UnsafePathError);
      writeFileSync(join(p.dir, 'ok.txt'), 'ok');
      await expect(addArtifact(p.store, { file: join(p.dir, 'ok.txt'), name: '../x' })).rejects.toBeInstanceOf(UnsafePathError);
      await expect(addArtifact(p.store, { file: join(p.root, 'track-registry.json') })).rejects.toBeInstanceOf(UnsafePathError);
      mkdirSync(join(p.dir, 'dir'));
      // A directory inside the project is not unsafe, just not a file: a usage error.
      await expect(addArtifact(p.store, { file: join(p.dir, 'dir') })).rejects.toThrow(/is a directory; only files can be added/);
      // Regression (found by the argument fuzzer): a NUL byte was an internal error from realpath, not a typed refusal.
      await expect(addArtifact(p.store, { file: 'ok.txt\u0000' })).rejects.toBeInstanceOf(UnsafePathError);
      expect((await listArtifacts(p.store)).items).toEqual([]);
    } finally {
      outside.cleanup();
    }
  });

  it('executeWithinTrack keeps library calls on the bound track even after another becomes active', async () => {
    p = tempProject();
    const a = await activeTrack(p.store, 'A');
    const b = await life.createTrack(p.store, { name: 'B', goal: 'goal of B' });
    await executeWithinTrack(a, async () => {
      await life.switchTrack(p.store, b.track_id);
      await decide(p.store, { title: 'bound decision' });
      await createCheckpoint(p.store, { reason: 'bound' });
    });
    await decide(p.store, { title: 'active decision' });
    expect((await listDecisions(p.store, { track_id: a.track_id })).items.map((d) => d.title)).toEqual(['bound decision']);
    expect((await listDecisions(p.store, { track_id: b.track_id })).items.map((d) => d.title)).toEqual(['active decision']);
    expect((await listCheckpoints(p.store, { track_id: a.track_id })).checkpoints.map((c) => c.reason)).toContain('bound');
  });
});
