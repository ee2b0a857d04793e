import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { stepSchema, type TrackTemplate, templateSchema } from '../../src/core/schema.js';
import { BUILTIN_TEMPLATES } from '../../src/features/templates/template-builtins.js';
import { assertTemplateConsistent, fillTemplate, resolveValues, templateFromTrack } from '../../src/features/templates/template-fill.js';

const bugfix = BUILTIN_TEMPLATES.find((t) => t.name === 'bugfix') as TrackTemplate;
const migration = BUILTIN_TEMPLATES.find((t) => t.name === 'migration') as TrackTemplate;

describe('templates', () => {
  it('every built-in template is valid, consistent and has a plan of pending steps', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.type)).toEqual(expect.arrayContaining(['feature', 'bugfix', 'refactor', 'migration', 'security', 'performance']));
    for (const t of BUILTIN_TEMPLATES) {
      expect(templateSchema.safeParse(t).success).toBe(true);
      expect(() => assertTemplateConsistent(t)).not.toThrow();
      expect(t.steps.length).toBeGreaterThan(1);
      for (const s of t.steps) expect(stepSchema.safeParse(s).success && s.status === 'pending').toBe(true);
    }
  });

  it('substitutes {{name}}, {{goal}}, declared variables and defaults everywhere', () => {
    const values = resolveValues(migration, { name: 'DB move', goal: 'Move to Postgres', from: 'MySQL', to: 'Postgres' });
    const filled = fillTemplate(migration, values);
    expect(filled.goal).toBe('Move to Postgres');
    expect(filled.success_criteria[0]).toBe('migrated from MySQL to Postgres with no data loss');
    expect(filled.steps.find((s) => s.step_id === 'migrate')?.name).toBe('Migrate to Postgres');
    expect(filled.steps.find((s) => s.step_id === 'test')?.action.command).toBe('npm test');
    expect(JSON.stringify(filled)).not.toContain('{{');
  });

  it('refuses missing required values, unknown variables and unsafe values in commands', () => {
    expect(() => resolveValues(migration, { name: 'n', goal: 'g', from: 'a' })).toThrow(/needs a value for 'to'/);
    expect(() => resolveValues(bugfix, { name: 'n', goal: 'g', colour: 'red' })).toThrow(ValidationError);
    expect(() => resolveValues(bugfix, { name: 'n', goal: 'g', test_command: 'npm test; rm -rf ~' })).toThrow(/shell command/);
    expect(() => resolveValues(bugfix, { name: 'n', goal: 'g', test_command: '$(curl evil)' })).toThrow(/shell command/);
    expect(() => resolveValues(bugfix, { name: 'n', goal: 'two\nlines' })).toThrow(/one line/);
    expect(resolveValues(bugfix, { name: 'n', goal: 'g', test_command: 'pytest -q tests/' }).test_command).toBe('pytest -q tests/');
  });

  it('refuses a template that uses an undeclared variable', () => {
    const broken = { ...bugfix, name: 'broken', goal: 'fix {{ticket}}' };
    expect(() => assertTemplateConsistent(broken)).toThrow(/undeclared variable \{\{ticket\}\}/);
  });

  it('a template saved from a track keeps the plan but resets run state', () => {
    const steps = bugfix.steps.map((s, i) => ({
      ...s,
      status: i === 0 ? ('completed' as const) : s.status,
      attempts: 3,
      notes: 'n',
      started_at: '2026-01-01T00:00:00.000Z',
    }));
    const t = templateFromTrack(
      {
        type: 'bugfix',
        priority: 'P1',
        tags: ['x'],
        context: { success_criteria: ['c'], target_files: [], target_directories: ['src'] },
        steps,
        track_id: 'track-a-001',
        name: 'A',
      },
      'my-bugfix',
    );
    expect(templateSchema.safeParse(t).success).toBe(true);
    expect(t.goal).toBe('{{goal}}');
    expect(t.steps.every((s) => s.status === 'pending' && s.attempts === undefined && s.notes === undefined && s.started_at === undefined)).toBe(true);
    expect(t.target_directories).toEqual(['src']);
  });
});
