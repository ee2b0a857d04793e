/**
 * The hooks' entry (dist/bin/hook.cjs). Claude Code runs the SessionStart hook at every session
 * start, so `track hook …` loads this bundle: the hooks and what they use, a third of the CLI's.
 */
import { DEFAULT_PRIMER_BUDGET, sessionPrimer } from '../../features/primer/session-primer.js';
import { openStore } from '../../store/open.js';
import { hookCommands } from './commands/hooks.js';
import { type RunOptions, runCommand } from './run-command.js';

export type { RunOptions };

/** Runs `track hook <event> …` and returns the process exit code. Never throws. */
export const run = (argv: string[], options: RunOptions): Promise<number> => runCommand(hookCommands(), argv, options);

/** Renders the primer of the store at `root` (the build runs it to compile what the hook runs into the code cache). */
export const warm = (root: string): Promise<string | null> => sessionPrimer(openStore({ root }), { budget: DEFAULT_PRIMER_BUDGET });
