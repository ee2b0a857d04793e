/**
 * `track trust`: the commands of a track (or of every open track) that this clone has not approved
 * — they arrived through git — listed and approved. Approval is clone-local (like `direnv allow`).
 */
import { ValidationError } from '../../core/errors.js';
import type { Track, WorkflowTask } from '../../core/schema.js';
import type { CommandRef } from '../../core/trust.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { findStep } from './plan.js';
import { stepCommands } from './step-trust.js';
import { workflowTasks } from './workflows.js';

export interface TrustInput {
  track_id?: string | undefined;
  /** Only this step's commands. */
  step_id?: string | undefined;
  /** Every open track's commands. */
  all?: boolean | undefined;
  /** List what is not approved, approve nothing. */
  dry_run?: boolean | undefined;
}

export interface TrustResult {
  /** False when the store is not shared through git: there every command runs, nothing is checked. */
  checked: boolean;
  /** The commands found unapproved (and, unless dry_run, now approved), in plan order. */
  commands: CommandRef[];
  approved: boolean;
}

async function tracksOf(reader: StoreReader, input: TrustInput): Promise<Track[]> {
  if (!input.all) return [await resolveTrack(reader, input.track_id)];
  const open = await reader.openTracks();
  const tracks = await Promise.all(Object.keys(open.tracks).map((id) => reader.getTrack(id)));
  return tracks.sort((a, b) => (a.track_id < b.track_id ? -1 : 1));
}

/** Every command the track's steps would run (a workflow definition that cannot be read has none here; `next` reports it). */
async function commandsOf(store: Pick<StorePort, 'workflowsDir' | 'projectDir'>, track: Track, stepId: string | undefined): Promise<CommandRef[]> {
  const steps = stepId ? [findStep(track, stepId)] : track.steps;
  const refs: CommandRef[] = [];
  for (const step of steps) {
    let tasks: WorkflowTask[] | undefined;
    if (step.action.type === 'run-workflow') tasks = await workflowTasks(store, step).catch(() => undefined);
    refs.push(...stepCommands(track.track_id, step, tasks));
  }
  return refs;
}

async function unapproved(store: StorePort, reader: StoreReader, input: TrustInput): Promise<TrustResult> {
  const trusted = await reader.trustedCommands();
  if (!trusted) return { checked: false, commands: [], approved: false };
  const seen = new Set<string>();
  const commands: CommandRef[] = [];
  for (const track of await tracksOf(reader, input)) {
    for (const c of await commandsOf(store, track, input.step_id)) {
      if (trusted.has(c.sha256) || seen.has(`${c.track_id}\0${c.step_id}\0${c.sha256}`)) continue;
      seen.add(`${c.track_id}\0${c.step_id}\0${c.sha256}`);
      commands.push(c);
    }
  }
  return { checked: true, commands, approved: false };
}

/** Lists the unapproved commands and, unless `dry_run`, approves them in one transaction. */
export async function trustCommands(store: StorePort, input: TrustInput = {}): Promise<TrustResult> {
  if (input.all && (input.track_id !== undefined || input.step_id !== undefined)) {
    throw new ValidationError('--all approves every open track; it takes no track id or --step', 'pass --all alone, or a track id (and --step)');
  }
  if (input.dry_run) return store.read((reader) => unapproved(store, reader, input));
  return store.transaction(async (tx) => {
    const found = await unapproved(store, tx, input);
    if (!found.commands.length) return found;
    await tx.approveCommands(found.commands);
    return { ...found, approved: true };
  });
}
