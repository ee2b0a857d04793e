/**
 * The quick bundle's entry (dist/bin/quick.cjs): the commands an agent runs all the time (the
 * Claude Code hooks, get-active, status, context, list) and what they use, without the rest of
 * the CLI. The bin loads it first for those names; what it does not take exactly (help, a typo, a
 * bad option) it leaves to the full CLI, which answers as it always does.
 */
import { hookCommands } from './commands/hooks.js';
import { readCommands } from './commands/reads.js';
import { type RunOptions, runIfExactly } from './run-command.js';

export type { RunOptions };

const table = [...hookCommands(), ...readCommands()];

/** Runs `argv` when it is exactly one of the quick commands, and returns its exit code; null otherwise (nothing done). */
export const run = (argv: string[], options: RunOptions): Promise<number | null> => runIfExactly(table, argv, options);

/** Renders the primer of the store at `root` (the build runs it to compile what the hook runs into the code cache). */
export async function warm(root: string): Promise<string | null> {
  const [{ DEFAULT_PRIMER_BUDGET, sessionPrimer }, { openStore }] = await Promise.all([
    import('../../features/primer/session-primer.js'),
    import('../../store/open.js'),
  ]);
  return sessionPrimer(openStore({ root }), { budget: DEFAULT_PRIMER_BUDGET });
}
