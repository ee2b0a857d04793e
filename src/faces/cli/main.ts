import { commandTable } from './commands/index.js';
import { type RunOptions, runCommand } from './run-command.js';

export type { RunOptions };

/** Runs one CLI invocation and returns the process exit code. Never throws. */
export const run = (argv: string[], options: RunOptions): Promise<number> =>
  runCommand(
    commandTable(() => options.binUrl),
    argv,
    options,
  );
