import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { createCheckpoint, verifyCheckpoints } from '../../src/features/checkpoints/checkpoints.js';
import { readGitState } from '../../src/features/checkpoints/git-state.js';
import { assume, decide, learn } from '../../src/features/notes/notes.js';
import { DECISIONS, writeContextDoc } from '../../src/features/notes/notes-docs.js';
import { trackContext } from '../../src/features/primer/primer.js';
import { renderContext } from '../../src/features/primer/primer-text.js';
import { pauseTrack } from '../../src/features/tracks/lifecycle.js';
import { type TempProject, tempDir, tempProject } from '../helpers/temp.js';
import { activeTrack, setSteps, step } from '../helpers/tracks.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

describe('fresh-session primer', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  async function trackWithHistory() {
    p = tempProject();
    const t = await activeTrack(p.store, 'Auth', 'Add OAuth 2.0 login');
    await setSteps(p.store, t.track_id, [
      step('design', 0, 'completed'),
      step('implement', 1, 'in-progress', 'Write the PKCE handshake in src/auth.ts'),
      step('test', 2, 'pending'),
    ]);
    await p.store.transaction(async (tx) => {
      const items = Array.from({ length: 30 }, (_, i) => ({
        id: `dec-${String(i + 1).padStart(3, '0')}`,
        title: `decision number ${i + 1}`,
        rationale: `reason ${i + 1} `.repeat(5),
        alternatives: [],
        status: 'active' as const,
        created_at: new Date(Date.parse(tx.at) - 60_000 + i).toISOString(), // all before decision 31
      }));
      await writeContextDoc(tx, t.track_id, DECISIONS, { format: 'track-decisions/1', items });
    });
    await decide(p.store, { title: 'decision number 31', rationale: 'the latest' });
    await assume(p.store, { text: 'the IdP supports PKCE' });
    await learn(p.store, { text: 'the dev IdP needs a restart after config changes' });
    return t.track_id;
  }

  it('holds the goal, the current step and its instructions, the next steps, recent decisions and open assumptions', async () => {
    const id = await trackWithHistory();
    const md = await p.store.read((r) => renderContext(r, id));
    expect(md).toContain('Add OAuth 2.0 login');
    expect(md).toContain('## Current step: implement');
    expect(md).toContain('Write the PKCE handshake in src/auth.ts');
    expect(md).toContain('1. test');
    expect(md).toContain('dec-031: decision number 31 — because the latest');
    expect(md).toContain('decision number 12 ');
    expect(md).not.toContain('decision number 11 ');
    expect(md).toContain('asm-001: the IdP supports PKCE');
    expect(md).toContain('11 decisions');
    const json = JSON.parse(await p.store.read((r) => renderContext(r, id, { format: 'json' })));
    expect(json.current_step.action.instructions).toBe('Write the PKCE handshake in src/auth.ts');
    expect(json.decisions[0].id).toBe('dec-031');
  });

  it('fits a budget by dropping the oldest detail first, never the goal or the current step', async () => {
    const id = await trackWithHistory();
    for (const format of ['md', 'json'] as const) {
      const full = await p.store.read((r) => renderContext(r, id, { format }));
      const budget = Math.floor(full.length / 4 / 2);
      const half = await p.store.read((r) => renderContext(r, id, { format, budget }));
      expect(half.length).toBeLessThanOrEqual(budget * 4);
      expect(half).toContain('Add OAuth 2.0 login');
      expect(half).toContain('Write the PKCE handshake');
      expect(half).toContain('decision number 31');
      expect(half).not.toContain('decision number 11');
      const tiny = await p.store.read((r) => renderContext(r, id, { format, budget: 10 }));
      expect(tiny).toContain('Add OAuth 2.0 login');
      expect(tiny).toContain('Write the PKCE handshake');
      expect(tiny).not.toContain('decision number');
    }
  });

  it('reports what changed in git since the last checkpoint', async () => {
    p = tempProject();
    git(p.dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(p.dir, '.gitignore'), '.claude/\n');
    git(p.dir, 'add', '.');
    git(p.dir, 'commit', '-qm', 'first');
    await activeTrack(p.store, 'A');
    const checkpoint = await createCheckpoint(p.store);
    expect(checkpoint.git).toMatchObject({ branch: 'main', dirty: [] });
    writeFileSync(join(p.dir, 'feature.ts'), 'export {}\n');
    git(p.dir, 'add', '.');
    git(p.dir, 'commit', '-qm', 'add the feature');
    writeFileSync(join(p.dir, 'wip.ts'), '\n');
    expect(readGitState(p.dir)?.dirty).toEqual(['wip.ts']);
    const md = await trackContext(p.store, {});
    expect(md).toMatch(/Commits since the checkpoint:\n- [0-9a-f]+ add the feature/);
    expect(md).toContain('- feature.ts');
    const paused = await pauseTrack(p.store);
    expect(paused.checkpoint?.git).toMatchObject({ branch: 'main', dirty: ['wip.ts'] });
  });

  it('git state is null outside a repository', () => {
    const d = tempDir();
    try {
      expect(readGitState(d.dir)).toBeNull();
    } finally {
      d.cleanup();
    }
  });

  it('still primes when the last checkpoint is damaged, pointing at verify', async () => {
    p = tempProject();
    const t = await activeTrack(p.store, 'A', 'the goal survives');
    const c = await createCheckpoint(p.store);
    writeFileSync(join(p.root, t.track_id, 'checkpoints', `${c.checkpoint_id}.json`), '{ not json');
    const md = await p.store.read((r) => renderContext(r, t.track_id));
    expect(md).toContain('the goal survives');
    expect(md).toContain(`track checkpoint verify ${c.checkpoint_id}`);
    await expect(verifyCheckpoints(p.store, { checkpoint_id: '../x' })).rejects.toBeInstanceOf(ValidationError);
    expect((await verifyCheckpoints(p.store, {})).results[0]).toMatchObject({ ok: false, code: 'CORRUPT_STORE' });
  });
});
