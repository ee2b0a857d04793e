import { DEFAULT_PRIMER_BUDGET, sessionPrimer } from '../agents/session-primer.js';
import * as lifecycle from '../service/lifecycle.js';
import { getActiveTrack, listTracks, showTrack, trackHistory } from '../service/queries.js';
import { updateTrack } from '../service/update.js';
import { contextInput, createInputSchema, listInput, moveInput, noInput, switchInput, trackRefInput, updateInput } from './inputs.js';
import { defineTool, type ToolSet, type TrackTool } from './tool.js';

type Move = (store: lifecycle.TrackStore, id?: string, reason?: string) => Promise<lifecycle.TransitionResult>;

const move = (name: string, set: ToolSet, description: string, fn: Move): TrackTool =>
  defineTool({ name, set, description, input: moveInput, run: (a, ctx) => fn(ctx.store(), a.track_id, a.reason) });

/**
 * Every MCP tool, in `tools/list` order. Descriptions are terse on purpose: a host pays for each
 * one in its context window. `track_id` defaults to the active track everywhere.
 */
export const TOOLS: TrackTool[] = [
  defineTool({
    name: 'context',
    set: 'core',
    description: 'Markdown primer of the active track (or track_id): goal, criteria, current and next steps.',
    input: contextInput,
    run: async (a, ctx) => ({
      track_id: a.track_id ?? null,
      primer: await sessionPrimer(ctx.store(), { budget: a.budget ?? DEFAULT_PRIMER_BUDGET, trackId: a.track_id }),
    }),
  }),
  defineTool({
    name: 'list',
    set: 'core',
    description: 'List tracks, active first; filter by status/type/priority.',
    input: listInput,
    run: async (a, ctx) => ({ tracks: await listTracks(ctx.store(), a) }),
  }),
  defineTool({
    name: 'show',
    set: 'core',
    description: 'One track in full (track.json).',
    input: trackRefInput,
    run: (a, ctx) => showTrack(ctx.store(), a.track_id),
  }),
  defineTool({
    name: 'create',
    set: 'core',
    description: 'Create a draft track.',
    input: createInputSchema,
    run: (a, ctx) => lifecycle.createTrack(ctx.store(), a),
  }),
  move('activate', 'core', 'Make a track the active one (a paused one resumes from its checkpoint).', lifecycle.activateTrack),
  move('pause', 'core', 'Pause a track, writing a checkpoint.', lifecycle.pauseTrack),
  move('resume', 'core', 'Resume a paused track from its verified checkpoint.', lifecycle.resumeTrack),
  defineTool({
    name: 'switch',
    set: 'core',
    description: 'Pause the active track and activate `to`, atomically.',
    input: switchInput,
    run: (a, ctx) => lifecycle.switchTrack(ctx.store(), a.to, a.reason),
  }),
  move('complete', 'core', 'Mark a track completed.', lifecycle.completeTrack),
  defineTool({
    name: 'get_active',
    set: 'extended',
    description: 'The active track, or null.',
    input: noInput,
    run: async (_a, ctx) => ({ active: await getActiveTrack(ctx.store()) }),
  }),
  move('ready', 'extended', 'Mark a draft track ready.', lifecycle.readyTrack),
  move('fail', 'extended', 'Mark a track failed.', lifecycle.failTrack),
  move('cancel', 'extended', 'Cancel a track.', lifecycle.cancelTrack),
  move('archive', 'extended', 'Archive a closed track.', lifecycle.archiveTrack),
  defineTool({
    name: 'update',
    set: 'extended',
    description: 'Set one field; status changes go through the lifecycle.',
    input: updateInput,
    run: (a, ctx) => updateTrack(ctx.store(), a.track_id, a.field, a.value, a.reason),
  }),
  defineTool({
    name: 'history',
    set: 'extended',
    description: 'Status history of a track.',
    input: trackRefInput,
    run: (a, ctx) => trackHistory(ctx.store(), a.track_id),
  }),
];

/** The tools a host sees: the core set, or every tool. */
export const toolsFor = (all: boolean): TrackTool[] => (all ? TOOLS : TOOLS.filter((t) => t.set === 'core'));
