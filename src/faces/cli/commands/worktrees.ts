import type { CommandSpec } from '../command.js';

const handlers = () => import('../handlers/worktrees.js');

/** `track worktree add|remove`: a git worktree per track, its lane set up and taken down with it. */
export function worktreeCommands(): CommandSpec[] {
  return [
    {
      name: 'worktree add',
      summary: 'create a git worktree on a new branch and activate the track in its lane',
      details: `Creates the worktree with 'git worktree add' on branch track/<track-id> (--branch names another;
an existing branch not checked out elsewhere is checked out), by default beside the main checkout
as <main-folder>-<track-id without 'track-'> (e.g. ../repo-auth-001), activates the track in the
new worktree's lane, and prints the cd line. Every refusal (unknown track, track active in
another lane, path or branch taken, not a git repository) comes before git runs: nothing is
created. A track active in another lane moves with --take-over (recorded with both lanes).
Exit codes: 2 bad input, 3 unknown track, 11 path or branch taken, 14 track active in another
lane, 1 git failed (nothing activated).`,
      positionals: ['track-id'],
      options: {
        'track-id': { type: 'string', value: 'ID', description: 'the track (or give it as the positional)' },
        path: { type: 'string', value: 'DIR', description: "where the worktree goes (default: ../<main-folder>-<id without 'track-'>)" },
        branch: { type: 'string', value: 'NAME', description: 'the branch (default: track/<track-id>)' },
        'take-over': { type: 'boolean', description: 'move a track active in another lane into the new worktree' },
      },
      run: async (inv) => (await handlers()).worktreeAdd(inv),
    },
    {
      name: 'worktree remove',
      summary: "pause the worktree's track (with a checkpoint), forget its lane, remove the worktree",
      details: `Pauses the track active in the worktree's lane (and in any named lane last seen there) with a
checkpoint, forgets those lanes, then runs 'git worktree remove' (the branch stays). Like git, it
refuses a worktree with uncommitted or untracked changes unless --force, and a locked one;
when it refuses, nothing was paused. Run it from another checkout (e.g. the main one).
The paused track resumes in any lane: track resume <track-id>.
Exit codes: 2 bad input, 3 no worktree at that path, 4 uncommitted changes or locked, 1 git failed.`,
      positionals: ['path'],
      options: {
        force: { type: 'boolean', description: 'remove it even with uncommitted changes (they are lost)' },
      },
      run: async (inv) => (await handlers()).worktreeRemove(inv),
    },
  ];
}
