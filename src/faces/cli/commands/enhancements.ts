import type { CommandSpec, OptionSpec } from '../command.js';

const templates = () => import('../handlers/templates.js');
const bundles = () => import('../handlers/bundles.js');
const planning = () => import('../handlers/planning.js');

const trackId: Record<string, OptionSpec> = {
  'track-id': { type: 'string', value: 'ID', description: 'the track (default: the active track)' },
};

/** Templates, conflicts, analytics and import/export (issue #7). */
export function enhancementCommands(): CommandSpec[] {
  return [
    {
      name: 'template list',
      summary: 'list the built-in and user templates',
      details:
        'User templates are JSON files in .claude/conductor/templates/ (beside the tracks root); a user template overrides a built-in one of the same name.',
      options: {},
      run: async (inv) => (await templates()).list(inv),
    },
    {
      name: 'template show',
      summary: 'show one template: variables and step plan',
      positionals: ['name'],
      options: {},
      run: async (inv) => (await templates()).show(inv),
    },
    {
      name: 'template save',
      summary: "save a track's plan as a user template",
      details: 'Steps are saved reset to pending; the goal becomes {{goal}}. Writes .claude/conductor/templates/<name>.json.',
      options: {
        from: { type: 'string', value: 'ID', description: 'the track to copy (default: the active track)' },
        name: { type: 'string', value: 'NAME', description: 'template name (lowercase, digits, hyphens)' },
        description: { type: 'string', value: 'TEXT', description: 'what the template is for' },
        overwrite: { type: 'boolean', description: 'replace a user template of the same name' },
      },
      run: async (inv) => (await templates()).save(inv),
    },
    {
      name: 'template create',
      summary: 'create a draft track from a template',
      details:
        'Placeholders {{name}} and {{goal}} come from --name and --goal; others from --var NAME=VALUE.\nValues used in a run-command step must be plain words (letters, digits, spaces, ._/:@%+=,-).\nExample: track template create --template bugfix --name "Login 500" --goal "No 500 on login" --var issue=#42',
      options: {
        template: { type: 'string', value: 'NAME', description: 'the template (see track template list)' },
        name: { type: 'string', value: 'TEXT', description: 'track name (required)' },
        goal: { type: 'string', value: 'TEXT', description: 'what done looks like' },
        var: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'a template variable (repeatable)' },
        priority: { type: 'string', value: 'P0-P3', description: "override the template's priority" },
        parent: { type: 'string', value: 'ID', description: 'parent track id' },
        id: { type: 'string', value: 'ID', description: 'use this id instead of track-<slug>-NNN' },
      },
      run: async (inv) => (await templates()).create(inv),
    },
    {
      name: 'conflicts',
      summary: 'open tracks whose target files/directories overlap',
      details:
        'Compares context.target_files and context.target_directories (globs: *, **, ?) of every open track pair,\nor of one track against the others when an id is given. Exit code 0 either way.',
      positionals: ['track-id'],
      options: { ...trackId },
      run: async (inv) => (await planning()).conflicts(inv),
    },
    {
      name: 'progress',
      summary: 'progress of a track aggregated over its sub-tracks',
      positionals: ['track-id'],
      options: { ...trackId },
      run: async (inv) => (await planning()).progress(inv),
    },
    {
      name: 'stats',
      summary: 'analytics: time active/paused, lead time, completion and failure rates, step hot spots',
      options: {
        since: { type: 'string', value: 'WHEN', description: 'only activity since a date (2026-01-31) or an age (12h, 30d, 4w)' },
        type: { type: 'string', multiple: true, value: 'TYPE', description: 'only these track types (repeatable or comma-separated)' },
        html: { type: 'string', value: 'FILE', description: 'also write a self-contained HTML report with charts' },
      },
      run: async (inv) => (await import('../handlers/stats.js')).stats(inv),
    },
    {
      name: 'export',
      summary: 'write a track (all its files) as one checksummed bundle',
      positionals: ['track-id'],
      options: { ...trackId, out: { type: 'string', value: 'FILE', description: 'write the bundle here (default: stdout)' } },
      run: async (inv) => (await bundles()).exportBundle(inv),
    },
    {
      name: 'import',
      summary: 'import a bundle as a draft track, after verifying every checksum',
      details:
        'Nothing is written unless every checksum, path and document in the bundle checks out.\nThe track arrives as draft (recorded in its history) so nothing from another project runs unreviewed.',
      positionals: ['file'],
      options: {
        rename: { type: 'boolean', description: 'take a fresh id when the bundle id is already used here' },
        id: { type: 'string', value: 'ID', description: 'import under this id' },
      },
      run: async (inv) => (await bundles()).importBundle(inv),
    },
  ];
}
