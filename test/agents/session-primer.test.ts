import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRIMER_BUDGET, sessionPrimer } from '../../src/agents/session-primer.js';
import { activateTrack, createTrack } from '../../src/service/lifecycle.js';
import { setSteps, step } from '../helpers/plan.js';
import { type TempProject, tempProject } from '../helpers/temp.js';

describe('sessionPrimer', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());
  const budget = DEFAULT_PRIMER_BUDGET;

  it('is null when no track is active', async () => {
    p = tempProject();
    await createTrack(p.store, { name: 'Idle', goal: 'nothing yet' });
    expect(await sessionPrimer(p.store, { budget })).toBeNull();
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
    expect(text).not.toContain('ship —');
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
    const text = (await sessionPrimer(p.store, { budget, trackId: 'track-done-001' })) ?? '';
    expect(text).toContain('# Track: Done (track-done-001)');
    expect(text).toContain("run 'track activate track-done-001'");
  });
});
