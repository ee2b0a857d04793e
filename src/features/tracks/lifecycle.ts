import { ActiveTrackExistsError, ConflictError, InvalidStateError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { hint, opt } from '../../core/hint.js';
import { makeTrackId, slugify } from '../../core/ids.js';
import { type CreateInput, createInputSchema } from '../../core/inputs.js';
import { canTransition, legalMoves, pathTo, transition } from '../../core/lifecycle.js';
import type { Checkpoint, GitState, Track } from '../../core/schema.js';
import { newTrack } from '../../core/track-factory.js';
import { parseInput } from '../../core/validate.js';
import type { TrackStatus } from '../../core/vocab.js';
import type { StorePort, StoreTx } from '../../store/port.js';
import { readGitState } from '../checkpoints/git-state.js';
import { checkpointTrack, latestCheckpoint, restoreFromCheckpoint } from '../checkpoints/snapshot.js';
import { parsePlan, withPlan } from '../plan/plan-file.js';
import { resolveTrack } from './bound-track.js';
import { assertPlanFinished } from './completion.js';
import { conflictsIn, type TrackConflict } from './conflicts.js';
import { assertPrerequisitesMet } from './dependencies.js';
import { assertNoOpenChildren, cancelDescendants } from './hierarchy.js';
import { activeElsewhere, heldElsewhere, holderOf, inLane, takenOver } from './lane-claim.js';
import { resumeTargetId } from './paused.js';
import type { ActivateInput, CancelInput, CompleteInput, MoveInput, StatusInput, SwitchInput } from './track-inputs.js';

export interface TransitionResult {
  track: Track;
  checkpoint?: Checkpoint | undefined;
  /** Tracks paused by this operation (a switch pauses the previous active track). */
  paused?: Track | undefined;
}

/** A track made active: also the open tracks whose target paths overlap it. */
export interface ActivationResult extends TransitionResult {
  conflicts: TrackConflict[];
}

export interface CreateResult {
  track: Track;
  /** Open tracks whose target paths overlap the new one. */
  conflicts: TrackConflict[];
  /** The active track (another one, or none): starting the new track is `activate` with none, else `switch`. */
  active_track_id: string | null;
}

export interface CancelResult extends TransitionResult {
  /** Sub-tracks cancelled with it (`cascade`), deepest first. */
  cancelled_children: string[];
}

/** One move of a track along the lifecycle (pause, resume, fail, …): the shape the faces map their commands onto. */
export type TrackMove = (store: StorePort, input?: MoveInput) => Promise<TransitionResult>;

/** Creates a draft track, with `plan` (a plan document, checked whole first) attached; its conflicts are read in the same transaction. */
export async function createTrack(store: StorePort, { plan, ...input }: CreateInput & { plan?: unknown }): Promise<CreateResult> {
  if (plan === undefined) return createShapedTrack(store, input, (t) => t);
  const parsed = parsePlan(plan);
  return createShapedTrack(store, input, (t) => withPlan(t, parsed));
}

/** `createTrack` for a use case that shapes the new track inside the same transaction (a plan, a template's steps). */
export async function createShapedTrack(store: StorePort, input: CreateInput, prepare: (track: Track) => Track): Promise<CreateResult> {
  const fields = parseInput(createInputSchema, input, 'create');
  return store.transaction(async (tx) => {
    const sequence = await tx.allocateSequence();
    const id = fields.id ?? makeTrackId(slugify(fields.name, sha256Hex), sequence, tx.nameTag());
    if (await tx.findTrack(id)) {
      throw new ConflictError(`a track with id '${id}' already exists`, hint`choose another ${opt('id')}, or omit ${opt('id')} to get a fresh one`, {
        track_id: id,
      });
    }
    if (fields.parent) await tx.getTrack(fields.parent);
    const track = newTrack(
      {
        track_id: id,
        name: fields.name,
        type: fields.type,
        priority: fields.priority,
        goal: fields.goal,
        description: fields.description,
        success_criteria: fields.success_criteria,
        tags: fields.tags,
        parent_track_id: fields.parent,
        context: { target_files: fields.target_files ?? [], target_directories: fields.target_directories ?? [] },
      },
      tx.at,
    );
    const created = await tx.putTrack(prepare(track));
    return { track: created, conflicts: await conflictsIn(tx, created.track_id), active_track_id: (await tx.head()).active_track_id };
  });
}

/** Moves a track along the table, one legal transition. */
async function simpleTransition(store: StorePort, to: TrackStatus, { track_id, reason }: MoveInput = {}): Promise<TransitionResult> {
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, track_id, { acceptsPaused: canTransition('paused', to) });
    const moved = transition(track, to, tx.at, reason);
    await assertNoOpenChildren(tx, track, to);
    return { track: await tx.putTrack(moved) };
  });
}

export const readyTrack = (store: StorePort, input?: MoveInput) => simpleTransition(store, 'ready', input);
/** Completes a track whose plan is finished; `force` completes one with unfinished steps, recording them in its history. */
export async function completeTrack(store: StorePort, { track_id, reason, force }: CompleteInput = {}): Promise<TransitionResult> {
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, track_id, { needsActive: true });
    const transitionable = transition(track, 'completed', tx.at, reason);
    await assertNoOpenChildren(tx, track, 'completed');
    const override = assertPlanFinished(track, Boolean(force));
    const note = [reason, override].filter(Boolean).join('; ') || undefined;
    return { track: await tx.putTrack(override ? transition(track, 'completed', tx.at, note) : transitionable) };
  });
}
export const failTrack = (store: StorePort, input?: MoveInput) => simpleTransition(store, 'failed', input);
export const archiveTrack = (store: StorePort, input?: MoveInput) => simpleTransition(store, 'archived', input);

/**
 * Cancels a track. Open sub-tracks make it refuse, unless `cascade`: then every open descendant
 * is cancelled first (an active one goes active → paused → cancelled, the lifecycle's own path),
 * all in one transaction.
 */
export async function cancelTrack(store: StorePort, { track_id, reason, cascade }: CancelInput = {}): Promise<CancelResult> {
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, track_id, { acceptsPaused: canTransition('paused', 'cancelled') });
    const moved = transition(track, 'cancelled', tx.at, reason);
    const cancelled: string[] = [];
    if (cascade) await cancelDescendants(tx, track.track_id, cancelled, reason ?? `parent ${track.track_id} cancelled`);
    await assertNoOpenChildren(tx, track, 'cancelled');
    return { track: await tx.putTrack(moved), cancelled_children: cancelled };
  });
}

async function pauseInTx(tx: StoreTx, track: Track, reason: string | undefined, kind: 'pause' | 'switch', git?: GitState | null): Promise<TransitionResult> {
  const paused = await tx.putTrack(transition(track, 'paused', tx.at, reason));
  const checkpoint = await checkpointTrack(tx, paused, kind, reason, { git });
  return { track: paused, checkpoint };
}

/**
 * Makes `track` the active one inside a transaction. A draft goes draft → ready → active (both
 * recorded); a paused track is restored from its latest checkpoint, verified, then activated.
 * `via`: the command doing it, which a refusal's hint repeats.
 */
async function activateInTx(
  tx: StoreTx,
  track: Track,
  reason: string | undefined,
  options: { force?: boolean | undefined; take_over?: boolean | undefined } = {},
  via: 'activate' | 'switch' = 'activate',
): Promise<TransitionResult> {
  const active = (await tx.head()).active_track_id;
  if (activeElsewhere(track, tx.lane)) {
    // Named first: that another lane holds it is what decides how to go on (a switch, with --take-over, does both).
    const holder = await holderOf(tx, track);
    if (!holder.gone && !options.take_over) throw heldElsewhere(track, holder, active ? 'switch' : via);
    if (active) throw new ActiveTrackExistsError(active, track.track_id, { take_over: options.take_over });
    return claimFromOtherLane(tx, track, holder, reason);
  }
  if (active && active !== track.track_id) throw new ActiveTrackExistsError(active, track.track_id);
  if (track.status === 'paused') return resumeInTx(tx, track, reason);
  const path = pathTo(track.status, 'active');
  if (!path || path.length === 0) throw new InvalidStateError(track.track_id, track.status, 'active', legalMoves(track.status));
  const override = await assertPrerequisitesMet(tx, track, Boolean(options.force), via);
  let next = track;
  for (const status of path) {
    const note = reason ?? (status === 'ready' ? 'made ready to activate' : undefined);
    next = transition(next, status, tx.at, status === 'active' && override ? [note, override].filter(Boolean).join('; ') : note);
  }
  await tx.setActive(track.track_id);
  return { track: await tx.putTrack(inLane(next, tx.lane)) };
}

/**
 * A track active in another lane, claimed for this one: released when that lane's worktree is
 * provably gone (paused there with a checkpoint, then resumed here), else taken over (asked for).
 */
async function claimFromOtherLane(
  tx: StoreTx,
  track: Track,
  holder: Awaited<ReturnType<typeof holderOf>>,
  reason: string | undefined,
): Promise<TransitionResult> {
  if (holder.gone) {
    const released = await pauseInTx(tx, track, `released: lane ${holder.lane}'s worktree ${holder.worktree} is gone`, 'pause');
    await tx.forgetLane(holder.lane);
    return resumeInTx(tx, released.track, reason);
  }
  await tx.setActive(track.track_id);
  return { track: await tx.putTrack(takenOver(track, holder, tx.lane, tx.at, reason)) };
}

async function resumeInTx(tx: StoreTx, track: Track, reason: string | undefined): Promise<TransitionResult> {
  if (track.status !== 'paused') throw new InvalidStateError(track.track_id, track.status, 'active (resume)', legalMoves(track.status));
  const active = (await tx.head()).active_track_id;
  if (active && active !== track.track_id) throw new ActiveTrackExistsError(active, track.track_id);
  const checkpoint = await latestCheckpoint(tx, track.track_id);
  const restored = checkpoint ? await restoreFromCheckpoint(tx, track, checkpoint) : track;
  await tx.setActive(track.track_id);
  const note = reason ?? (checkpoint ? `resumed from ${checkpoint.checkpoint_id}` : 'resumed (no checkpoint found)');
  return { track: await tx.putTrack(inLane(transition(restored, 'active', tx.at, note), tx.lane)), checkpoint: checkpoint ?? undefined };
}

/** With the conflicts of the track now active, read in the same transaction. */
async function withConflicts(tx: StoreTx, result: TransitionResult): Promise<ActivationResult> {
  return { ...result, conflicts: await conflictsIn(tx, result.track.track_id) };
}

export async function activateTrack(store: StorePort, { track_id, reason, force, take_over }: ActivateInput = {}): Promise<ActivationResult> {
  return store.transaction(async (tx) => withConflicts(tx, await activateInTx(tx, await resolveTrack(tx, track_id), reason, { force, take_over })));
}

export async function pauseTrack(store: StorePort, { track_id, reason }: MoveInput = {}): Promise<TransitionResult> {
  const git = readGitState(store.projectDir); // before the lock: never wait on a subprocess while holding it
  return store.transaction(async (tx) => pauseInTx(tx, await resolveTrack(tx, track_id, { needsActive: true }), reason, 'pause', git));
}

/** Without an id, resumes the only paused track (and refuses, naming them, when there are several). */
export async function resumeTrack(store: StorePort, { track_id, reason }: MoveInput = {}): Promise<TransitionResult> {
  return store.transaction(async (tx) => resumeInTx(tx, await tx.getTrack(await resumeTargetId(tx, track_id)), reason));
}

/** Pauses the active track (with a checkpoint) and activates `to`, as one transaction. */
export async function switchTrack(store: StorePort, { to, reason, force, take_over }: SwitchInput): Promise<ActivationResult> {
  const git = readGitState(store.projectDir);
  return store.transaction(async (tx) => {
    const target = await resolveTrack(tx, to);
    const activeId = (await tx.head()).active_track_id;
    if (activeId === target.track_id) {
      throw new InvalidStateError(target.track_id, 'active', 'active', legalMoves('active'));
    }
    let paused: TransitionResult | undefined;
    if (activeId) paused = await pauseInTx(tx, await tx.getTrack(activeId), reason ?? `switched to ${target.track_id}`, 'switch', git);
    const activated = await activateInTx(tx, target, reason ?? (activeId ? `switched from ${activeId}` : undefined), { force, take_over }, 'switch');
    return withConflicts(tx, { ...activated, paused: paused?.track, checkpoint: paused?.checkpoint ?? activated.checkpoint });
  });
}

/** Routes a requested status through the lifecycle, using the operation that owns that move. */
export async function setStatus(store: StorePort, { status, ...move }: StatusInput): Promise<TransitionResult> {
  switch (status) {
    case 'ready':
      return readyTrack(store, move);
    case 'active':
      return activateTrack(store, move);
    case 'paused':
      return pauseTrack(store, move);
    case 'completed':
      return completeTrack(store, move);
    case 'failed':
      return failTrack(store, move);
    case 'cancelled':
      return cancelTrack(store, move);
    case 'archived':
      return archiveTrack(store, move);
    case 'draft':
      return store.read(async (reader) => {
        const track = await resolveTrack(reader, move.track_id);
        throw new InvalidStateError(track.track_id, track.status, 'draft', legalMoves(track.status));
      });
  }
}

export { pauseInTx };
