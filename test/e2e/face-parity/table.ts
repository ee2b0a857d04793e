/**
 * The parity table: every MCP tool with the CLI command that does the same job, one input given
 * to both faces, what their results must agree on, and bad inputs both must refuse with the same
 * error code. Where the faces differ on purpose (an option only one of them has, a result only
 * the CLI renders), the row names it with the reason; CLI commands no tool does are named below.
 */
import type { ParityRow } from './shapes.js';
import { TRACK_ROWS } from './track-rows.js';
import { WORK_ROWS } from './work-rows.js';

export const ROWS: ParityRow[] = [...TRACK_ROWS, ...WORK_ROWS];

/** CLI commands that no MCP tool does, and why. */
export const CLI_ONLY: Record<string, string> = {
  init: 'sets up a project (tracks root, skill files, hooks): run once by a human before any agent connects',
  uninstall: 'removes what init wrote, a setup step like init',
  mcp: 'is the MCP server itself',
  lanes: "a person's overview of what every lane holds; an agent acts in its own lane (get_active, status)",
  'worktree add':
    "creates a git worktree (a directory and a branch beside the project): a human's setup step before an agent starts there; an agent host that moves into a worktree (EnterWorktree) then activates with the activate tool and its cwd",
  'worktree remove': "deletes a worktree directory, possibly discarding uncommitted work (--force): a human's clean-up, not an agent's",
  'hook session-start': "is Claude Code's SessionStart hook; over MCP the same primer is the context tool and the track://active/context resource",
  'hook pre-compact': "is Claude Code's PreCompact hook; over MCP the checkpoint tool does the same",
  schema: 'prints the JSON Schema of track.json for editors and tools; every tool publishes its own input schema',
  doctor: 'checks and repairs the store as a whole, a maintenance task for a human',
  'merge-driver': 'is the git merge driver git itself runs for track files (registered by init); nothing an agent calls',
  'db migrate': "changes the database's schema: a person's maintenance step with a role allowed to create tables",
  'db copy': 'moves every track between stores (files, a database): a migration a person runs once, not an agent step',
  watch:
    "streams the store's changes until stopped: a long-running view for a person or a board (the library's watchChanges); a tool call returns once, so an agent reads the state it needs when it needs it",
  ui: "serves the board, a person's web view of every track; its actions are these tools, with the same inputs (the rows marked http)",
  trust:
    "approves commands that arrived through git so that next runs them: a person's decision after reading them; an agent that could approve would make the check empty",
  step: 'runs a chosen step: the next tool with step_id',
  'step edit': 'edits the plan; the tools add steps (step_add), plan editing stays with the human',
  'step remove': 'edits the plan (see step edit)',
  'step move': 'edits the plan (see step edit)',
  'plan set': 'replaces the plan from a file on disk (see create --plan)',
  'plan show': 'a terminal view of the plan; show returns the plan as part of the track',
  runs: 'lists the run records; status gives the last run, run_logs reads any',
  decisions: 'lists decisions: the context tool and show carry them',
  assumptions: 'lists assumptions: the context tool carries the open ones',
  learnings: 'lists learnings: the context tool carries them',
  'artifact show': "an artifact's metadata: artifact_list returns it for every artifact",
  'artifact get': "prints an artifact's bytes to a terminal or a file",
  'context share': 'copies items between tracks, a curation step for a human',
  'template list': 'lists templates for a human choosing one; template_create names a missing one with the list',
  'template show': 'shows one template for a human choosing one',
  'template save': 'writes a user template file into the project',
  progress: "a sub-track tree's aggregated progress, drawn for a terminal",
  export: "writes a bundle file for moving a track between projects (a human's task)",
  import: 'reads a bundle file from another project (see export)',
};
