import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrackError, UnsafePathError } from '../../src/core/errors.js';
import { createFromTemplate, getTemplate, listTemplates, saveTemplate } from '../../src/features/templates/templates.js';
import * as life from '../../src/features/tracks/lifecycle.js';
import { storeProblems } from '../helpers/invariants.js';
import { type TempProject, tempDir, tempProject } from '../helpers/temp.js';

describe('template service', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('creates a draft track whose plan is the template plan, filled in', async () => {
    p = tempProject();
    const t = (await createFromTemplate(p.store, { template: 'migration', name: 'To Postgres', goal: 'Leave MySQL', vars: { from: 'MySQL', to: 'Postgres' } }))
      .track;
    expect(t.status).toBe('draft');
    expect(t.type).toBe('migration');
    expect(t.priority).toBe('P1');
    expect(t.steps.map((s) => s.step_id)).toEqual(['inventory', 'plan', 'rehearse', 'migrate', 'test', 'approve']);
    expect(t.steps[3]?.depends_on).toEqual(['rehearse']);
    expect(t.progress).toMatchObject({ total_steps: 6, completed_steps: 0, current_step_id: 'inventory' });
    expect(t.tags).toContain('template:migration');
    expect(t.status_history[0]?.reason).toBe('created from template migration');
    expect(storeProblems(p.root)).toEqual([]);
  });

  it('saves a track as a user template, which then lists, shows and creates', async () => {
    p = tempProject();
    const source = (await createFromTemplate(p.store, { template: 'refactor', name: 'Split module', goal: 'Smaller files', vars: { area: 'store' } })).track;
    await life.activateTrack(p.store, { track_id: source.track_id });
    const saved = await saveTemplate(p.store, { from: source.track_id, name: 'split' });
    expect(saved.file).toBe(join(p.store.templatesDir, 'split.json'));
    expect(JSON.parse(readFileSync(saved.file as string, 'utf8')).steps[1].name).toBe('Restructure store');
    expect(listTemplates(p.store).find((e) => e.template.name === 'split')?.source).toBe('user');
    await expect(saveTemplate(p.store, { from: source.track_id, name: 'split' })).rejects.toMatchObject({
      message: expect.stringMatching(/already exists/),
      hint: `choose another --name, or replace it: 'track template save --from ${source.track_id} --name split --overwrite'`,
    });
    const copy = (await createFromTemplate(p.store, { template: 'split', name: 'Split again', goal: 'Even smaller' })).track;
    expect(copy.steps.map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(copy.context.goal).toBe('Even smaller');
    await expect(saveTemplate(p.store, { from: source.track_id, name: '../evil' })).rejects.toThrow(/invalid template name/);
  });

  it('refuses unknown templates, malformed or inconsistent user templates, and a linked templates folder', async () => {
    p = tempProject();
    expect(() => getTemplate(p.store, { name: 'nope' })).toThrow(TrackError);
    const dir = p.store.templatesDir;
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'broken.json'), '{"format":"track-template/1"');
    expect(() => getTemplate(p.store, { name: 'broken' })).toThrow(/not valid JSON/);
    const undeclared = { ...getTemplate(p.store, { name: 'feature' }).template, name: 'odd', goal: 'do {{thing}}' };
    writeFileSync(join(dir, 'odd.json'), JSON.stringify(undeclared));
    expect(() => getTemplate(p.store, { name: 'odd' })).toThrow(/undeclared variable/);
    await expect(createFromTemplate(p.store, { template: 'feature', name: 'x', goal: '' })).rejects.toThrow(/needs a goal/);
    p.cleanup();
    p = tempProject();
    const elsewhere = tempDir();
    try {
      symlinkSync(elsewhere.dir, p.store.templatesDir);
      expect(() => listTemplates(p.store)).toThrow(UnsafePathError);
    } finally {
      elsewhere.cleanup();
    }
  });
});
