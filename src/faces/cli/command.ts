import { ValidationError } from '../../core/errors.js';
import type { Output } from './output.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. ID. */
  value?: string;
  /** Set when the command cannot run without this option: the hint given when it is missing. */
  required?: string;
}

export interface Invocation {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  /** Global options, parsed for every command. */
  global: GlobalOptions;
}

export interface GlobalOptions {
  root?: string | undefined;
  lane?: string | undefined;
  databaseUrl?: string | undefined;
  project?: string | undefined;
  json: boolean;
  allowForeignRoot: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Extra help text: what the command writes, examples. */
  details?: string;
  /** Names of positional arguments, shown in usage; `...` suffix for many. */
  positionals?: string[];
  options: Record<string, OptionSpec>;
  run: (inv: Invocation) => Promise<Output>;
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  root: { type: 'string', value: 'DIR', description: 'tracks root (default: .claude/conductor/tracks found upwards from the cwd, or $TRACK_MANAGER_ROOT)' },
  lane: { type: 'string', value: 'NAME', description: 'the lane to act in (default: $TRACK_LANE, else the git worktree of the cwd)' },
  'database-url': {
    type: 'string',
    value: 'URL',
    description:
      'keep the tracks in this PostgreSQL database (default: the variable .claude/conductor/store.json names, else $TRACK_DATABASE_URL); put the password in ~/.pgpass or PGPASSWORD, never on the command line',
  },
  project: {
    type: 'string',
    value: 'ID',
    description: "the project's id in the database (default: store.json's, else $TRACK_PROJECT, else the project folder's name)",
  },
  json: { type: 'boolean', description: 'print a machine-readable JSON result' },
  'allow-foreign-root': { type: 'boolean', description: 'operate on a root owned by another user or writable by others' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

export const str = (inv: Invocation, name: string): string | undefined => {
  const v = inv.values[name];
  return typeof v === 'string' ? v : undefined;
};

export const strs = (inv: Invocation, name: string): string[] => {
  const v = inv.values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
};

export const flag = (inv: Invocation, name: string): boolean => inv.values[name] === true;

/** A list option that may be repeated and/or comma-separated: --status active,paused --status ready. */
export const listOption = (inv: Invocation, name: string): string[] =>
  strs(inv, name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** The track id from --track-id or the first positional; undefined means "the active track". */
export function trackIdArg(inv: Invocation, option = 'track-id'): string | undefined {
  const fromOption = str(inv, option);
  const fromPositional = inv.positionals[0];
  if (fromOption && fromPositional && fromOption !== fromPositional) {
    throw new ValidationError(`two different track ids given ('${fromOption}' and '${fromPositional}')`, 'pass the id once');
  }
  return fromOption ?? fromPositional;
}
