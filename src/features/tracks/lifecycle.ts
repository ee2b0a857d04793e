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
import { resolveTrack } from './bound-track.js';
import { assertPlanFinished } from './completion.js';
import { assertPrerequisitesMet } from './dependencies.js';
import { assertNoOpenChildren } from './hierarchy.js';
import { resumeTargetId } from './paused.js';

export interface TransitionResult {
  track: Track;
  checkpoint?: Checkpoint | undefined;
  /** Tracks paused by this operation (a switch pauses the previous active track). */
  paused?: Track | undefined;
}

/** One move of a track along the lifecycle (pause, resume, fail, …): the shape the faces map their commands onto. */
export type TrackMove = (store: StorePort, id?: string, reason?: string) => Promise<TransitionResult>;

/** `prepare` shapes the new track inside the same transaction (e.g. attaches a plan). */
export async function createTrack(store: StorePort, input: CreateInput, prepare: (track: Track) => Track = (t) => t): Promise<Track> {
  const fields = parseInput(createInputSchema, input, 'create');
  return store.transaction(async (tx) => {
    const sequence = await tx.allocateSequence();
    const id = fields.id ?? makeTrackId(slugify(fields.name, sha256Hex), sequence);
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
    return tx.putTrack(prepare(track));
  });
}

/** Moves a track along the table, one legal transition. */
async function simpleTransition(store: StorePort, to: TrackStatus, id: string | undefined, reason?: string): Promise<TransitionResult> {
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, id, { acceptsPaused: canTransition('paused', to) });
    const moved = transition(track, to, tx.at, reason);
    await assertNoOpenChildren(tx, track, to);
    return { track: await tx.putTrack(moved) };
  });
}

export const readyTrack = (store: StorePort, id?: string, reason?: string) => simpleTransition(store, 'ready', id, reason);
/** Completes a track whose plan is finished; `force` completes one with unfinished steps, recording them in its history. */
export async function completeTrack(store: StorePort, id?: string, reason?: string, options: { force?: boolean | undefined } = {}): Promise<TransitionResult> {
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, id, { needsActive: true });
    const transitionable = transition(track, 'completed', tx.at, reason);
    await assertNoOpenChildren(tx, track, 'completed');
    const override = assertPlanFinished(track, Boolean(options.force));
    const note = [reason, override].filter(Boolean).join('; ') || undefined;
    return { track: await tx.putTrack(override ? transition(track, 'completed', tx.at, note) : transitionable) };
  });
}
export const failTrack = (store: StorePort, id?: string, reason?: string) => simpleTransition(store, 'failed', id, reason);
export const cancelTrack = (store: StorePort, id?: string, reason?: string) => simpleTransition(store, 'cancelled', id, reason);
export const archiveTrack = (store: StorePort, id?: string, reason?: string) => simpleTransition(store, 'archived', id, reason);

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
  options: ActivateOptions = {},
  via: 'activate' | 'switch' = 'activate',
): Promise<TransitionResult> {
  const active = (await tx.head()).active_track_id;
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
  return { track: await tx.putTrack(next) };
}

async function resumeInTx(tx: StoreTx, track: Track, reason: string | undefined): Promise<TransitionResult> {
  if (track.status !== 'paused') throw new InvalidStateError(track.track_id, track.status, 'active (resume)', legalMoves(track.status));
  const active = (await tx.head()).active_track_id;
  if (active && active !== track.track_id) throw new ActiveTrackExistsError(active, track.track_id);
  const checkpoint = await latestCheckpoint(tx, track.track_id);
  const restored = checkpoint ? await restoreFromCheckpoint(tx, track, checkpoint) : track;
  await tx.setActive(track.track_id);
  const note = reason ?? (checkpoint ? `resumed from ${checkpoint.checkpoint_id}` : 'resumed (no checkpoint found)');
  return { track: await tx.putTrack(transition(restored, 'active', tx.at, note)), checkpoint: checkpoint ?? undefined };
}

/** `force` starts a track whose prerequisites are unfinished, recording the override in its history. */
export interface ActivateOptions {
  force?: boolean | undefined;
}

export async function activateTrack(store: StorePort, id?: string, reason?: string, options: ActivateOptions = {}): Promise<TransitionResult> {
  return store.transaction(async (tx) => activateInTx(tx, await resolveTrack(tx, id), reason, options));
}

export async function pauseTrack(store: StorePort, id?: string, reason?: string): Promise<TransitionResult> {
  const git = readGitState(store.projectDir); // before the lock: never wait on a subprocess while holding it
  return store.transaction(async (tx) => pauseInTx(tx, await resolveTrack(tx, id, { needsActive: true }), reason, 'pause', git));
}

/** Without an id, resumes the only paused track (and refuses, naming them, when there are several). */
export async function resumeTrack(store: StorePort, id?: string, reason?: string): Promise<TransitionResult> {
  return store.transaction(async (tx) => resumeInTx(tx, await tx.getTrack(await resumeTargetId(tx, id)), reason));
}

/** Pauses the active track (with a checkpoint) and activates `toId`, as one transaction. */
export async function switchTrack(store: StorePort, toId: string, reason?: string, options: ActivateOptions = {}): Promise<TransitionResult> {
  const git = readGitState(store.projectDir);
  return store.transaction(async (tx) => {
    const target = await resolveTrack(tx, toId);
    const activeId = (await tx.head()).active_track_id;
    if (activeId === target.track_id) {
      throw new InvalidStateError(target.track_id, 'active', 'active', legalMoves('active'));
    }
    let paused: TransitionResult | undefined;
    if (activeId) paused = await pauseInTx(tx, await tx.getTrack(activeId), reason ?? `switched to ${target.track_id}`, 'switch', git);
    const activated = await activateInTx(tx, target, reason ?? (activeId ? `switched from ${activeId}` : undefined), options, 'switch');
    return { ...activated, paused: paused?.track, checkpoint: paused?.checkpoint ?? activated.checkpoint };
  });
}

/** Routes a requested status through the lifecycle, using the operation that owns that move. */
export async function setStatus(store: StorePort, id: string | undefined, to: TrackStatus, reason?: string): Promise<TransitionResult> {
  switch (to) {
    case 'ready':
      return readyTrack(store, id, reason);
    case 'active':
      return activateTrack(store, id, reason);
    case 'paused':
      return pauseTrack(store, id, reason);
    case 'completed':
      return completeTrack(store, id, reason);
    case 'failed':
      return failTrack(store, id, reason);
    case 'cancelled':
      return cancelTrack(store, id, reason);
    case 'archived':
      return archiveTrack(store, id, reason);
    case 'draft':
      return store.read(async (reader) => {
        const track = await resolveTrack(reader, id);
        throw new InvalidStateError(track.track_id, track.status, 'draft', legalMoves(track.status));
      });
  }
}

export { activateInTx, pauseInTx, resumeInTx };
