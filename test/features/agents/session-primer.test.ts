import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRIMER_BUDGET, sessionPrimer } from '../../../src/features/primer/session-primer.js';
import { activateTrack, createTrack, pauseTrack } from '../../../src/features/tracks/lifecycle.js';
import { setSteps, step } from '../../helpers/plan.js';
import { type TempProject, tempProject } from '../../helpers/temp.js';

describe('sessionPrimer', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());
  const budget = DEFAULT_PRIMER_BUDGET;

  it('is null when no track is active and none is paused', async () => {
    p = tempProject();
    await createTrack(p.store, { name: 'Idle', goal: 'nothing yet' });
    expect(await sessionPrimer(p.store, { budget })).toBeNull();
  });

  it('with no track active, names the paused tracks (most recent first, at most five) and how to resume one', async () => {
    p = tempProject();
    for (let i = 1; i <= 7; i++) {
      const t = await createTrack(p.store, { name: `Work ${i}`, goal: `goal ${i}` });
      await activateTrack(p.store, t.track_id);
      await pauseTrack(p.store, t.track_id);
    }
    const text = (await sessionPrimer(p.store, { budget })) ?? '';
    const listed = [...text.matchAll(/^- (track-work-\d+-\d+) — /gm)].map((m) => m[1]);
    expect(listed).toEqual(['track-work-7-007', 'track-work-6-006', 'track-work-5-005', 'track-work-4-004', 'track-work-3-003']);
    expect(text).toContain('… and 2 more: run `track list --status paused`');
    expect(text).toContain('run `track resume track-work-7-007`');
    const mcp = (await sessionPrimer(p.store, { budget, face: 'mcp' })) ?? '';
    expect(mcp).toContain('call `resume {"track_id":"track-work-7-007"}`');
    expect(mcp).toContain('call `list {"status":["paused"]}`');
    const tiny = (await sessionPrimer(p.store, { budget: 60 })) ?? '';
    expect(tiny.length).toBeLessThanOrEqual(240);
    expect(tiny).toContain('run `track list --status paused` for the rest');
  });

  it('gives goal, criteria, status, progress, the current step with its instructions, and the next steps', async () => {
    p = tempProject();
    await createTrack(p.store, { name: 'Auth', goal: 'Add OAuth 2.0', success_criteria: ['login works', 'tokens refresh'], priority: 'P1' });
    await setSteps(p.store, 'track-auth-001', [
      step('design', 0, { status: 'completed' }),
      step('build', 1, { status: 'in-progress', description: 'The callback handler.', action: { type: 'run-command', command: 'npm test' } }),
      step('docs', 2),
      step('ship', 3, { status: 'skipped' }),
    ]);
    await activateTrack(p.store, 'track-auth-001');
    const text = (await sessionPrimer(p.store, { budget })) ?? '';
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '# Track: Auth (track-auth-001)',
        'status active · priority P1 · type feature · progress 2/4 steps (50%)',
        'Add OAuth 2.0',
        '- login works',
        '- tokens refresh',
        '## Current step: build — Step build',
        'The callback handler.',
        'Command: `npm test`',
        '1. docs — Step docs (implementation, pending)',
      ]),
    );
    expect(text).not.toMatch(/^\d+\. ship —/m); // not a next step
    expect(text).toContain('## Done steps (newest first)\n- ship — Step ship (skipped)\n- design — Step design (completed)');
  });

  it('stays within the budget, cutting at a line and saying where the rest is', async () => {
    p = tempProject();
    await createTrack(p.store, { name: 'Huge', goal: `${'a long goal line\n'.repeat(470)}end` });
    await activateTrack(p.store, 'track-huge-001');
    const text = (await sessionPrimer(p.store, { budget })) ?? '';
    expect(text.length).toBeLessThanOrEqual(budget * 4);
    expect(text).toMatch(/\n… \(cut to 1500 tokens; run `track context --track-id track-huge-001` for the rest\)$/);
    const small = (await sessionPrimer(p.store, { budget: 100 })) ?? '';
    expect(small.length).toBeLessThanOrEqual(400);
  });

  it('renders another track when asked, and says what to do next', async () => {
    p = tempProject();
    await createTrack(p.store, { name: 'Done', goal: 'g' });
    await setSteps(p.store, 'track-done-001', [step('only', 0, { status: 'completed' })]);
    const text = (await sessionPrimer(p.store, { budget, track_id: 'track-done-001' })) ?? '';
    expect(text).toContain('# Track: Done (track-done-001)');
    expect(text).toContain('run `track activate track-done-001`');
  });
});
