import type { CommandSpec, OptionSpec } from '../command.js';

/**
 * The reads an agent runs all the time. They live apart from the other commands so that the quick
 * bundle (quick-main.ts) carries them without the rest; the full table lists them in their places.
 */

const trackId: Record<string, OptionSpec> = {
  'track-id': { type: 'string', value: 'ID', description: 'the track (default: the active track)' },
};

const queries = () => import('../handlers/queries.js');

export const listCommand: CommandSpec = {
  name: 'list',
  summary: 'list tracks (active first, then by priority)',
  options: {
    status: { type: 'string', multiple: true, value: 'STATUS', description: 'only these statuses (repeatable or comma-separated)' },
    type: { type: 'string', multiple: true, value: 'TYPE', description: 'only these types' },
    priority: { type: 'string', multiple: true, value: 'P0-P3', description: 'only these priorities' },
    tree: { type: 'boolean', description: 'draw the parent/sub-track hierarchy with aggregated progress' },
  },
  run: async (inv) => (await queries()).list(inv),
};

export const getActiveCommand: CommandSpec = {
  name: 'get-active',
  summary: 'show the active track, if any',
  options: {},
  run: async (inv) => (await queries()).getActive(inv),
};

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'one screen: progress bar, the steps and their states, the current step, the last run',
  details: 'With no track active (and no id): says so, lists the paused tracks (most recent first) and the\n  command that resumes one, and exits 0.',
  positionals: ['track-id'],
  options: { ...trackId },
  // Its own module: the one that runs steps loads child_process, which a status read never needs.
  run: async (inv) => (await import('../handlers/status.js')).status(inv),
};

export const contextCommand: CommandSpec = {
  name: 'context',
  summary: 'print what a fresh agent session needs to resume the track',
  details:
    'Goal, success criteria, status, progress, the current step and its instructions (who holds it, and\nhow to complete or release it), next steps, done steps with their outputs and notes, recent decisions,\nopen assumptions, learnings, artifacts, the last checkpoint and what changed in git since.\nWith no track active (and no --track-id): the paused tracks, most recent first, and the command that\nresumes one (exit 0).',
  options: {
    ...trackId,
    format: { type: 'string', value: 'md|json', description: 'output format (default md)' },
    budget: { type: 'string', value: 'TOKENS', description: 'at most this many tokens (≈ chars/4); oldest detail goes first' },
    'no-git': { type: 'boolean', description: 'do not run git' },
  },
  // Its own module: the note commands' one loads what only they need.
  run: async (inv) => (await import('../handlers/context.js')).context(inv),
};

/** The reads the quick bundle answers. */
export const readCommands = (): CommandSpec[] => [getActiveCommand, statusCommand, contextCommand, listCommand];
