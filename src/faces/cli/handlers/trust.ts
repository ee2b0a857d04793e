import { shortCommand } from '../../../core/trust.js';
import { trustCommands } from '../../../features/plan/trust.js';
import { flag, type Invocation, str, trackIdArg } from '../command.js';
import type { Output } from '../output.js';
import { openStore } from './open-store.js';

/** `track trust`: lists the commands this clone has not approved and approves them, showing each. */
export async function trust(inv: Invocation): Promise<Output> {
  const all = flag(inv, 'all');
  const dryRun = flag(inv, 'dry-run');
  const r = await trustCommands(openStore(inv.global), { track_id: trackIdArg(inv), step_id: str(inv, 'step'), all, dry_run: dryRun });
  if (!r.checked)
    return { json: r, human: ['this tracks root is not inside a git work tree: no command can arrive through git, every command runs as written'] };
  if (!r.commands.length) return { json: r, human: ['every command is approved in this clone; nothing to do'] };
  const lines = r.commands.map(
    (c) =>
      `  ${c.track_id} ${c.step_id}${c.task !== undefined ? ` task '${c.task}'` : ''}${c.workflow ? ` (workflow ${c.workflow})` : ''}: ${shortCommand(c.command, 200)}`,
  );
  const head = r.approved ? `approved ${r.commands.length} command(s) in this clone:` : `${r.commands.length} command(s) not approved in this clone:`;
  const tail = r.approved ? [] : [`approve them with: track trust ${all ? '--all' : (r.commands[0]?.track_id ?? '')}`];
  return { json: r, human: [head, ...lines, ...tail] };
}
