import { resolve } from 'node:path';
import { ValidationError } from '../../../core/errors.js';
import { shellWord } from '../../../core/face-commands.js';
import { cmd, hint } from '../../../core/hint.js';
import { addWorktree } from '../../../features/lanes/worktree-add.js';
import { removeWorktree } from '../../../features/lanes/worktree-remove.js';
import { ROOT_ENV } from '../../../store/file/paths.js';
import { openStore as open } from '../../../store/open.js';
import { flag, type Invocation, str, trackIdArg } from '../command.js';
import type { Output } from '../output.js';
import { transitionLines } from '../render.js';
import { openStore, storeOptions } from './open-store.js';

export async function worktreeAdd(inv: Invocation): Promise<Output> {
  const trackId = trackIdArg(inv);
  if (!trackId)
    throw new ValidationError(
      'worktree add needs the id of the track to work on there',
      hint`${cmd('list')} shows the ids; then track worktree add <track-id>`,
    );
  // A relative root names a place from here, not from the new worktree the lane's store is opened in.
  const given = inv.global.root ?? process.env[ROOT_ENV];
  const root = given ? resolve(given) : undefined;
  const openLane = (cwd: string, lane: string) => open({ ...storeOptions(inv.global), root, cwd, lane });
  const result = await addWorktree(openStore(inv.global), openLane, {
    track_id: trackId,
    path: str(inv, 'path'),
    branch: str(inv, 'branch'),
    take_over: flag(inv, 'take-over'),
  });
  return {
    json: { worktree: result.worktree, branch: result.branch, new_branch: result.new_branch, lane: result.lane, track_id: result.track_id },
    human: [
      `created worktree ${result.worktree} on ${result.new_branch ? 'new' : 'existing'} branch ${result.branch}`,
      ...transitionLines('activated', result.activation),
      `in lane ${result.lane} (the worktree's own; 'track lanes' lists every lane)`,
      `cd ${shellWord(result.worktree)}`,
    ],
  };
}

export async function worktreeRemove(inv: Invocation): Promise<Output> {
  const path = inv.positionals[0];
  if (!path)
    throw new ValidationError('worktree remove needs the path of the worktree', hint`${cmd('lanes')} shows the worktrees; then track worktree remove <path>`);
  const result = await removeWorktree(openStore(inv.global), { path, force: flag(inv, 'force') });
  return {
    json: result,
    human: [
      ...result.paused.map(
        (p) => `paused ${p.track_id} (lane ${p.lane}${p.checkpoint_id ? `, ${p.checkpoint_id}` : ''}); 'track resume ${p.track_id}' takes it up in any lane`,
      ),
      `removed worktree ${result.worktree}${result.branch ? ` (branch ${result.branch} kept)` : ''}`,
    ],
  };
}
