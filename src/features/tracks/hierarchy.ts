import { InvalidStateError, TrackError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { legalMoves, pathTo, transition } from '../../core/lifecycle.js';
import type { Track, TrackSummary } from '../../core/schema.js';
import type { TrackStatus } from '../../core/vocab.js';
import type { StorePort, StoreReader, StoreTx } from '../../store/port.js';
import { resolveTrackId } from './bound-track.js';
import { trackIsDone } from './dependencies.js';
import { compareSummaries, type ListFilter, listFromReader } from './queries.js';
import type { TrackTarget } from './track-inputs.js';

/** Open children of a track (children live in the open registry segment until they close). */
export async function openChildren(reader: StoreReader, parentId: string): Promise<TrackSummary[]> {
  return Object.values((await reader.openTracks()).tracks)
    .filter((s) => s.parent_track_id === parentId)
    .sort(compareSummaries);
}

export async function allChildren(reader: StoreReader, parentId: string): Promise<TrackSummary[]> {
  const closed = Object.values((await reader.closedTracks()).tracks).filter((s) => s.parent_track_id === parentId);
  return [...(await openChildren(reader, parentId)), ...closed].sort(compareSummaries);
}

/** A parent cannot complete (or be cancelled without --cascade) while a child is still open. Callers check the move is legal first. */
export async function assertNoOpenChildren(reader: StoreReader, track: Track, to: TrackStatus): Promise<void> {
  if (to !== 'completed' && to !== 'cancelled') return;
  const open = await openChildren(reader, track.track_id);
  if (!open.length) return;
  const listed = open.map((c) => `${c.track_id} (${c.status})`).join(', ');
  const way = to === 'completed' ? 'complete or cancel them first' : hint`${cmd('cancel', { track_id: track.track_id, cascade: true })} cancels them too`;
  throw new TrackError('INVALID_STATE', `track '${track.track_id}' has open sub-tracks: ${listed}; it cannot become ${to}`, way, {
    track_id: track.track_id,
    open_children: open.map((c) => c.track_id),
  });
}

export interface AggregateProgress {
  track_id: string;
  completed_units: number;
  total_units: number;
  percentage: number;
  tracks: number;
}

/**
 * Progress of a track and all its descendants: every step counts one unit; a track without steps
 * counts as one unit, done once it completed. Cancelled sub-tracks are left out.
 */
async function aggregateProgressIn(reader: StoreReader, trackId: string): Promise<AggregateProgress> {
  let completed = 0;
  let total = 0;
  let tracks = 0;
  const seen = new Set<string>();
  const visit = async (track: Track, isRoot: boolean): Promise<void> => {
    if (seen.has(track.track_id)) return;
    seen.add(track.track_id);
    const cancelled = track.status === 'cancelled' || (track.status === 'archived' && !trackIsDone(track));
    if (isRoot || !cancelled) {
      tracks += 1;
      if (track.steps.length) {
        completed += track.progress.completed_steps;
        total += track.progress.total_steps;
      } else {
        total += 1;
        if (trackIsDone(track)) completed += 1;
      }
    }
    for (const child of await allChildren(reader, track.track_id)) await visit(await reader.getTrack(child.track_id), false);
  };
  await visit(await reader.getTrack(trackId), true);
  return { track_id: trackId, completed_units: completed, total_units: total, tracks, percentage: total ? Math.round((completed / total) * 1000) / 10 : 0 };
}

export const aggregateProgress = (store: StorePort, { track_id }: TrackTarget = {}): Promise<AggregateProgress> =>
  store.read(async (reader) => aggregateProgressIn(reader, await resolveTrackId(reader, track_id)));

export interface TreeNode {
  track: TrackSummary;
  progress: AggregateProgress;
  children: TreeNode[];
}

/** The hierarchy of the given tracks: roots are those whose parent is not among them. */
async function buildTree(reader: StoreReader, summaries: TrackSummary[]): Promise<TreeNode[]> {
  const ids = new Set(summaries.map((s) => s.track_id));
  const byParent = new Map<string, TrackSummary[]>();
  for (const s of summaries) {
    const parent = s.parent_track_id && ids.has(s.parent_track_id) ? s.parent_track_id : '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), s]);
  }
  const node = async (s: TrackSummary, depth: number): Promise<TreeNode> => {
    const children: TreeNode[] = [];
    if (depth <= 100) for (const c of byParent.get(s.track_id) ?? []) children.push(await node(c, depth + 1));
    return { track: s, progress: await aggregateProgressIn(reader, s.track_id), children };
  };
  const roots: TreeNode[] = [];
  for (const s of byParent.get('') ?? []) roots.push(await node(s, 0));
  return roots;
}

/** Cancels every open descendant of the parent (an active one goes active → paused → cancelled), deepest first, recording each id in `out`. */
export async function cancelDescendants(tx: StoreTx, parentId: string, out: string[], reason: string): Promise<void> {
  for (const child of await openChildren(tx, parentId)) {
    await cancelDescendants(tx, child.track_id, out, reason);
    let track = await tx.getTrack(child.track_id);
    const path = pathTo(track.status, 'cancelled');
    if (!path) throw new InvalidStateError(track.track_id, track.status, 'cancelled', legalMoves(track.status));
    for (const status of path) track = transition(track, status, tx.at, reason);
    await tx.putTrack(track);
    out.push(child.track_id);
  }
}

/** The listed tracks (see `listTracks`) as their parent/child hierarchy, with aggregated progress. */
export const trackTree = (store: StorePort, filter: ListFilter = {}): Promise<TreeNode[]> =>
  store.read(async (reader) => buildTree(reader, await listFromReader(reader, filter)));
