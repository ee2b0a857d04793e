import type { CommandSpec, OptionSpec } from '../command.js';
import type { Output } from '../output.js';
import { getActiveCommand, listCommand } from './reads.js';

const trackId: Record<string, OptionSpec> = {
  'track-id': { type: 'string', value: 'ID', description: 'the track (default: the active track)' },
};
const reason: Record<string, OptionSpec> = {
  reason: { type: 'string', value: 'TEXT', description: 'why; recorded in the status history' },
};

const lifecycle = () => import('../handlers/lifecycle.js');
const queries = () => import('../handlers/queries.js');

const force: Record<string, OptionSpec> = {
  force: { type: 'boolean', description: 'start even if prerequisites are unfinished (recorded in the history)' },
  'take-over': { type: 'boolean', description: 'take a track active in another lane into this one (recorded with both lanes)' },
};

function moveCommand(name: string, summary: string, details?: string, extra: Record<string, OptionSpec> = {}): CommandSpec {
  return {
    name,
    summary,
    ...(details ? { details } : {}),
    positionals: ['track-id'],
    options: { ...trackId, ...reason, ...extra },
    run: async (inv) => (await lifecycle()).move(name)(inv),
  };
}

/** Every command, in the order `track --help` lists them. Handlers load only when their command runs. */
export function coreCommands(binUrl: () => string): CommandSpec[] {
  return [
    {
      name: 'init',
      summary: 'create the tracks root and the skill entry points',
      details: `Where: in the current directory; inside a git repository at its top level (where Claude Code
reads .claude/), or on a tracks root already between here and there. --root overrides.
Writes (nothing names a path of this machine: commit it):
  .claude/conductor/tracks/track-registry.json (+ track-registry.closed.json, track-head.json)
      the tracks root, mode 0700; left as it is when it already exists
  .claude/skills/track-manager/{manager.mjs,registry.mjs,track-cli.mjs}
      thin entry points that run the installed package (the project's node_modules, else the
      track on PATH), so the skill's command lines work verbatim; exit 127 when none is installed
  .claude/skills/track-manager/SKILL.md
      the skill description Claude Code loads
  --hooks: .claude/settings.json gains a SessionStart hook (prints the active track's primer at
      startup, resume, /clear and after compaction) and a PreCompact hook (checkpoints first)
  --mcp: .mcp.json gains the MCP server "track-manager" (track mcp)
  Both merge into what is there, add their entries once, and refuse a file that is not valid
  JSON (nothing is written then). 'track uninstall' removes exactly these entries.
  In a git repository: <root>/.gitattributes marks track.json and context/*.json merge=track,
      and the clone's git config gains merge.track.name and merge.track.driver (track merge-driver).
--store postgres: the tracks live in a PostgreSQL database instead (docs/postgres.md). The URL is
  read from $TRACK_DATABASE_URL (--url-env names another variable; --database-url for this run);
  init migrates the schema, registers the project (--project, default the folder's name), then
  writes .claude/conductor/store.json (the variable's name and the project id, never the URL:
  commit it) and the skill's files. Exit 16 when the database cannot be reached (nothing written).`,
      options: {
        hooks: { type: 'boolean', description: 'add the session hooks to .claude/settings.json' },
        mcp: { type: 'boolean', description: 'add the MCP server to .mcp.json' },
        store: { type: 'string', value: 'files|postgres', description: 'where the tracks live (default: files, in the repository)' },
        'url-env': {
          type: 'string',
          value: 'VAR',
          description: 'with --store postgres: the environment variable holding the URL (default TRACK_DATABASE_URL)',
        },
      },
      run: async (inv) => (await import('../handlers/init.js')).init(inv, binUrl()),
    },
    {
      name: 'create',
      summary: 'create a track (draft)',
      options: {
        name: { type: 'string', value: 'TEXT', description: 'track name (required)' },
        goal: { type: 'string', value: 'TEXT', description: 'what done looks like (required)' },
        type: {
          type: 'string',
          value: 'TYPE',
          description:
            'feature (default), bugfix, refactor, migration, testing, documentation, security, performance, maintenance, learning, exploration, onboarding, custom',
        },
        priority: { type: 'string', value: 'P0-P3', description: 'P0 (highest) to P3; default P2' },
        description: { type: 'string', value: 'TEXT', description: 'longer description' },
        'success-criteria': { type: 'string', multiple: true, value: 'TEXT', description: 'a success criterion (repeatable)' },
        tag: { type: 'string', multiple: true, value: 'TAG', description: 'a tag (repeatable, or comma-separated)' },
        id: { type: 'string', value: 'ID', description: 'use this id instead of track-<slug>-NNN' },
        parent: { type: 'string', value: 'ID', description: 'parent track id' },
        'target-file': {
          type: 'string',
          multiple: true,
          value: 'GLOB',
          description: 'a file (glob) the track will change (repeatable); overlaps with open tracks are reported',
        },
        'target-dir': { type: 'string', multiple: true, value: 'DIR', description: 'a directory the track will change (repeatable)' },
        plan: { type: 'string', value: 'FILE', description: "the track's plan, a YAML or JSON file (see 'track plan set --help')" },
      },
      run: async (inv) => (await lifecycle()).create(inv),
    },
    moveCommand('ready', 'mark a draft track ready'),
    moveCommand('activate', 'make a track the active one (draft → ready → active; paused → resumed)', undefined, force),
    moveCommand('pause', 'pause a track, writing a checkpoint'),
    moveCommand(
      'resume',
      'resume a paused track from its verified checkpoint',
      'Without an id, resumes the only paused track; with several paused it refuses (exit 2), naming them;\n  with none paused, exit 3.',
    ),
    {
      name: 'switch',
      summary: 'pause the active track (with a checkpoint) and activate another, as one step',
      positionals: ['track-id'],
      options: { to: { type: 'string', value: 'ID', description: 'the track to switch to' }, ...reason, ...force },
      run: async (inv) => (await lifecycle()).switchTo(inv),
    },
    moveCommand('complete', 'mark the track completed (refused while steps are unfinished, unless --force)', undefined, {
      force: { type: 'boolean', description: 'complete although steps are unfinished (they are recorded in the history)' },
    }),
    moveCommand('fail', 'mark the track failed'),
    moveCommand('cancel', 'cancel a track', undefined, {
      cascade: { type: 'boolean', description: 'also cancel its open sub-tracks (without it, open sub-tracks make cancel refuse)' },
    }),
    moveCommand('archive', 'archive a completed, failed or cancelled track'),
    {
      name: 'show',
      summary: 'show one track',
      positionals: ['track-id'],
      options: { ...trackId },
      run: async (inv) => (await queries()).show(inv),
    },
    listCommand,
    getActiveCommand,
    {
      name: 'update',
      summary: 'set one field (validated; status goes through the lifecycle)',
      details:
        'Fields: status, name, description, type, priority, tags, goal, success_criteria, context.target_files,\n  context.target_directories, context.prerequisites, context.blocks, context.related_tracks,\n  execution.checkpoint_frequency, execution.pause_on_failure, execution.auto_advance,\n  execution.fail_track_on_failure.\nLists take a JSON array or a comma-separated value.',
      positionals: ['track-id'],
      options: {
        ...trackId,
        field: { type: 'string', value: 'FIELD', description: 'the field to set' },
        value: { type: 'string', value: 'VALUE', description: 'the new value' },
        ...reason,
      },
      run: async (inv) => (await lifecycle()).update(inv),
    },
    {
      name: 'history',
      summary: 'show the status history of a track',
      positionals: ['track-id'],
      options: { ...trackId },
      run: async (inv) => (await queries()).history(inv),
    },
    {
      name: 'schema',
      summary: 'print the JSON Schema of track.json',
      options: {},
      run: async (): Promise<Output> => (await import('../handlers/schema.js')).schema(),
    },
  ];
}
