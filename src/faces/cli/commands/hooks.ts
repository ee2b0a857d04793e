import type { CommandSpec } from '../command.js';

const hooks = () => import('../handlers/hook.js');

/** The Claude Code hooks: run at every session start and compaction, from the quick bundle (quick-main.ts). */
export function hookCommands(): CommandSpec[] {
  return [
    {
      name: 'hook session-start',
      summary: "Claude Code SessionStart hook: print the active track's primer",
      details: `Reads the hook JSON on stdin (cwd, source: startup|resume|clear|compact) and prints the
active track's context primer as plain text, which Claude Code adds to the session.
Never takes the lock; prints nothing when no track is active or there is no tracks root;
always exits 0 (a problem is one line on stderr). Budget: --budget or TRACK_PRIMER_BUDGET (tokens).`,
      options: { budget: { type: 'string', value: 'TOKENS', description: 'primer size limit in tokens (default 1500)' } },
      run: async (inv) => (await hooks()).hook('session-start')(inv),
    },
    {
      name: 'hook pre-compact',
      summary: 'Claude Code PreCompact hook: checkpoint the active track',
      details: `Writes a 'pre-compact' checkpoint of the active track before the conversation is compacted.
Waits at most 500 ms for the lock, then gives up; always exits 0 (a problem is one line on stderr).`,
      options: {},
      run: async (inv) => (await hooks()).hook('pre-compact')(inv),
    },
  ];
}
