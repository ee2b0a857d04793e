import { type Face, say } from '../../core/face-commands.js';
import { createCheckpoint, listCheckpoints, restoreCheckpoint, verifyCheckpoints } from '../../features/checkpoints/checkpoints.js';
import { addArtifact, listArtifacts } from '../../features/notes/artifacts.js';
import { assume, decide, learn, resolveAssumption } from '../../features/notes/notes.js';
import { addStep } from '../../features/plan/plan.js';
import { mcpPrimer } from '../../features/primer/session-primer.js';
import { trackStats } from '../../features/stats/stats.js';
import { createFromTemplate } from '../../features/templates/templates.js';
import { findConflicts } from '../../features/tracks/conflicts.js';
import * as lifecycle from '../../features/tracks/lifecycle.js';
import { getActiveTrack, listTracks, showTrack, trackHistory } from '../../features/tracks/queries.js';
import { updateTrack } from '../../features/tracks/update.js';
import { requireVerified } from '../checkpoint-verdict.js';
import { checkpointReport, moveReport, restoreReport, type TrackReport, trackReport } from './briefs.js';
import {
  activateInput,
  artifactAddInput,
  assumeInput,
  cancelInput,
  checkpointInput,
  checkpointVerifyInput,
  completeInput,
  contextInput,
  createInputSchema,
  decideInput,
  learnInput,
  listInput,
  moveInput,
  noInput,
  resolveAssumptionInput,
  restoreInput,
  statsInput,
  stepAddInput,
  switchInput,
  templateCreateInput,
  trackRefInput,
  updateInput,
} from './inputs.js';
import { closer, nextTool, runLogsTool, statusTool } from './plan-tools.js';
import { defineTool, type ToolSet, type TrackTool } from './tool.js';

const move = (name: string, set: ToolSet, description: string, fn: lifecycle.TrackMove): TrackTool =>
  defineTool({ name, set, description, input: moveInput, run: async (a, ctx) => moveReport(ctx.face, await fn(ctx.store(), a)) });

/** A new draft's report: its conflicts, and `switch` as the way to start it while another track is active (`activate` would be refused). */
function createdReport(face: Face, { track, conflicts, active_track_id: active }: lifecycle.CreateResult): TrackReport {
  const report = trackReport(face, track, { conflicts });
  if (!active || active === track.track_id) return report;
  return { ...report, next: `the track is not active: ${say(face, 'switch', { to: track.track_id })} to start it (pausing ${active})` };
}

const activationReport = (face: Face, r: lifecycle.ActivationResult): TrackReport => moveReport(face, r, r.conflicts);

/**
 * Every MCP tool, in `tools/list` order. Descriptions are terse on purpose: a host pays for each
 * one in its context window. `track_id` defaults to the active track everywhere.
 */
export const TOOLS: TrackTool[] = [
  defineTool({
    name: 'context',
    set: 'core',
    description: 'Markdown primer of the active track (or track_id): goal, current step, next steps; else the paused tracks.',
    input: contextInput,
    run: (a, ctx) => mcpPrimer(ctx.store(), { track_id: a.track_id, budget: a.budget, face: ctx.face }),
  }),
  defineTool({
    name: 'list',
    set: 'core',
    description: 'List tracks, active first; filter by status/type/priority (a value or a list).',
    input: listInput,
    run: async (a, ctx) => ({ tracks: await listTracks(ctx.store(), a) }),
  }),
  defineTool({
    name: 'show',
    set: 'core',
    description: 'One track in full (track.json).',
    input: trackRefInput,
    run: (a, ctx) => showTrack(ctx.store(), a),
  }),
  defineTool({
    name: 'create',
    set: 'core',
    description: 'Create a draft track.',
    input: createInputSchema,
    run: async (a, ctx) => createdReport(ctx.face, await lifecycle.createTrack(ctx.store(), a)),
  }),
  defineTool({
    name: 'activate',
    set: 'core',
    description: 'Make a track the active one (a paused one resumes from its checkpoint).',
    input: activateInput,
    run: async (a, ctx) => activationReport(ctx.face, await lifecycle.activateTrack(ctx.store(), a)),
  }),
  move('pause', 'core', 'Pause a track, writing a checkpoint.', lifecycle.pauseTrack),
  move('resume', 'core', 'Resume a paused track from its verified checkpoint.', lifecycle.resumeTrack),
  defineTool({
    name: 'switch',
    set: 'core',
    description: 'Pause the active track and activate `to`, atomically.',
    input: switchInput,
    run: async (a, ctx) => activationReport(ctx.face, await lifecycle.switchTrack(ctx.store(), a)),
  }),
  defineTool({
    name: 'complete',
    set: 'core',
    description: 'Mark a track completed (force: although steps are unfinished).',
    input: completeInput,
    run: async (a, ctx) => moveReport(ctx.face, await lifecycle.completeTrack(ctx.store(), a)),
  }),
  nextTool,
  closer('complete', 'core', 'Complete a step handed to you.'),
  closer('reset', 'core', 'Make a failed or skipped step pending again, to retry it.'),
  runLogsTool,
  defineTool({
    name: 'decide',
    set: 'core',
    description: 'Record a decision (supersedes: an earlier one it replaces).',
    input: decideInput,
    run: (a, ctx) => decide(ctx.store(), a),
  }),
  defineTool({
    name: 'checkpoint',
    set: 'core',
    description: 'Write a checksummed checkpoint of the track.',
    input: checkpointInput,
    run: async (a, ctx) => checkpointReport(ctx.face, await createCheckpoint(ctx.store(), a)),
  }),
  defineTool({
    name: 'get_active',
    set: 'extended',
    description: 'The active track, or null.',
    input: noInput,
    run: async (_a, ctx) => ({ active: await getActiveTrack(ctx.store()) }),
  }),
  move('ready', 'extended', 'Mark a draft track ready.', lifecycle.readyTrack),
  move('fail', 'extended', 'Mark a track failed.', lifecycle.failTrack),
  defineTool({
    name: 'cancel',
    set: 'extended',
    description: 'Cancel a track (cascade: its open sub-tracks first).',
    input: cancelInput,
    run: async (a, ctx) => {
      const r = await lifecycle.cancelTrack(ctx.store(), a);
      return { ...moveReport(ctx.face, r), ...(r.cancelled_children.length ? { cancelled_children: r.cancelled_children } : {}) };
    },
  }),
  move('archive', 'extended', 'Archive a closed track.', lifecycle.archiveTrack),
  defineTool({
    name: 'update',
    set: 'extended',
    description: 'Set one field; status changes go through the lifecycle.',
    input: updateInput,
    run: async (a, ctx) => {
      const r = await updateTrack(ctx.store(), { track_id: a.track_id, field: a.field, value: a.value, reason: a.reason });
      return { field: r.field, ...moveReport(ctx.face, { track: r.track, checkpoint: r.checkpoint }) };
    },
  }),
  defineTool({
    name: 'history',
    set: 'extended',
    description: 'Status history of a track.',
    input: trackRefInput,
    run: (a, ctx) => trackHistory(ctx.store(), a),
  }),
  statusTool,
  defineTool({
    name: 'step_add',
    set: 'extended',
    description: 'Append a step to the plan.',
    input: stepAddInput,
    run: (a, ctx) => addStep(ctx.store(), a),
  }),
  closer('fail', 'extended', 'Mark a step handed to you failed (notes say why).'),
  closer('skip', 'extended', 'Skip a step.'),
  closer('approve', 'extended', 'Approve an approval step.'),
  closer('release', 'extended', 'Hand a step you hold back, pending.'),
  defineTool({
    name: 'assume',
    set: 'extended',
    description: 'Record an open assumption.',
    input: assumeInput,
    run: (a, ctx) => assume(ctx.store(), a),
  }),
  defineTool({
    name: 'assumption_resolve',
    set: 'extended',
    description: 'Close an assumption as validated or invalidated.',
    input: resolveAssumptionInput,
    run: (a, ctx) => resolveAssumption(ctx.store(), a),
  }),
  defineTool({
    name: 'learn',
    set: 'extended',
    description: 'Record a learning.',
    input: learnInput,
    run: (a, ctx) => learn(ctx.store(), a),
  }),
  defineTool({
    name: 'artifact_add',
    set: 'extended',
    description: 'Copy a project file into the track (path relative to the project).',
    input: artifactAddInput,
    run: (a, ctx) => addArtifact(ctx.store(), a),
  }),
  defineTool({
    name: 'artifact_list',
    set: 'extended',
    description: "The track's artifacts.",
    input: trackRefInput,
    run: async (a, ctx) => {
      const { track_id, items } = await listArtifacts(ctx.store(), { track_id: a.track_id });
      return { track_id, artifacts: items };
    },
  }),
  defineTool({
    name: 'checkpoints',
    set: 'extended',
    description: "The track's checkpoints.",
    input: trackRefInput,
    run: (a, ctx) => listCheckpoints(ctx.store(), a),
  }),
  defineTool({
    name: 'checkpoint_verify',
    set: 'extended',
    description: 'Verify the latest (or one, or all) checkpoints; a damaged one is a CHECKSUM_MISMATCH error.',
    input: checkpointVerifyInput,
    run: async (a, ctx) => requireVerified(await verifyCheckpoints(ctx.store(), a)),
  }),
  defineTool({
    name: 'restore',
    set: 'extended',
    description: 'Restore the track from a checkpoint (a safety checkpoint is written first).',
    input: restoreInput,
    run: async (a, ctx) => restoreReport(ctx.face, await restoreCheckpoint(ctx.store(), a)),
  }),
  defineTool({
    name: 'template_create',
    set: 'extended',
    description: 'Create a draft track from a template.',
    input: templateCreateInput,
    run: async (a, ctx) => createdReport(ctx.face, await createFromTemplate(ctx.store(), a)),
  }),
  defineTool({
    name: 'conflicts',
    set: 'extended',
    description: 'Open tracks whose target paths overlap.',
    input: trackRefInput,
    run: async (a, ctx) => ({ conflicts: await findConflicts(ctx.store(), a) }),
  }),
  defineTool({
    name: 'stats',
    set: 'extended',
    description: 'Track statistics (since an ISO date, by type).',
    input: statsInput,
    run: (a, ctx) => trackStats(ctx.store(), { since: a.since, types: a.type }),
  }),
];

/** The tools a host sees: the core set, or every tool. */
export const toolsFor = (all: boolean): TrackTool[] => (all ? TOOLS : TOOLS.filter((t) => t.set === 'core'));
