import { InvalidStateError, TrackError } from '../../core/errors.js';
import { cmd, hint } from '../../core/hint.js';
import { assertTransition, legalMoves, pathTo, transition } from '../../core/lifecycle.js';
import type { Track, TrackSummary } from '../../core/schema.js';
import type { TrackStatus } from '../../core/vocab.js';
import type { DocumentReader } from '../../store/file/documents.js';
import type { TrackStore } from '../../store/file/file-store.js';
import type { FileTx } from '../../store/file/transaction.js';
import { resolveTrackId } from './bound-track.js';
import { trackIsDone } from './dependencies.js';
import { compareSummaries } from './queries.js';

/** Open children of a track (children live in the open registry segment until they close). */
export function openChildren(reader: DocumentReader, parentId: string): TrackSummary[] {
  return Object.values(reader.registry().tracks)
    .filter((s) => s.parent_track_id === parentId)
    .sort(compareSummaries);
}

export function allChildren(reader: DocumentReader, parentId: string): TrackSummary[] {
  const closed = Object.values(reader.closedSegment().tracks).filter((s) => s.parent_track_id === parentId);
  return [...openChildren(reader, parentId), ...closed].sort(compareSummaries);
}

/** A parent cannot complete (or be cancelled without --cascade) while a child is still open. Callers check the move is legal first. */
export function assertNoOpenChildren(reader: DocumentReader, track: Track, to: TrackStatus): void {
  if (to !== 'completed' && to !== 'cancelled') return;
  const open = openChildren(reader, track.track_id);
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
export function aggregateProgressIn(reader: DocumentReader, trackId: string): AggregateProgress {
  let completed = 0;
  let total = 0;
  let tracks = 0;
  const seen = new Set<string>();
  const visit = (track: Track, isRoot: boolean) => {
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
    for (const child of allChildren(reader, track.track_id)) visit(reader.getTrack(child.track_id), false);
  };
  visit(reader.getTrack(trackId), true);
  return { track_id: trackId, completed_units: completed, total_units: total, tracks, percentage: total ? Math.round((completed / total) * 1000) / 10 : 0 };
}

export const aggregateProgress = (store: TrackStore, id?: string): Promise<AggregateProgress> =>
  store.readDocuments((reader) => aggregateProgressIn(reader, resolveTrackId(reader, id)));

export interface TreeNode {
  track: TrackSummary;
  progress: AggregateProgress;
  children: TreeNode[];
}

/** The hierarchy of the given tracks: roots are those whose parent is not among them. */
export function buildTree(reader: DocumentReader, summaries: TrackSummary[]): TreeNode[] {
  const ids = new Set(summaries.map((s) => s.track_id));
  const byParent = new Map<string, TrackSummary[]>();
  for (const s of summaries) {
    const parent = s.parent_track_id && ids.has(s.parent_track_id) ? s.parent_track_id : '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), s]);
  }
  const node = (s: TrackSummary, depth: number): TreeNode => ({
    track: s,
    progress: aggregateProgressIn(reader, s.track_id),
    children: depth > 100 ? [] : (byParent.get(s.track_id) ?? []).map((c) => node(c, depth + 1)),
  });
  return (byParent.get('') ?? []).map((s) => node(s, 0));
}

export interface CascadeResult {
  track: Track;
  cancelled_children: string[];
}

/**
 * Cancels a track. Open sub-tracks make it refuse, unless `cascade`: then every open descendant
 * is cancelled first (an active one goes active → paused → cancelled, the lifecycle's own path),
 * all in one transaction.
 */
export async function cancelTrackTree(store: TrackStore, id: string | undefined, options: { cascade?: boolean; reason?: string } = {}): Promise<CascadeResult> {
  return store.transactDocuments((tx) => {
    const track = tx.getTrack(resolveTrackId(tx, id));
    assertTransition(track.track_id, track.status, 'cancelled');
    const cancelled: string[] = [];
    if (options.cascade) cancelDescendants(tx, track.track_id, cancelled, options.reason ?? `parent ${track.track_id} cancelled`);
    assertNoOpenChildren(tx, track, 'cancelled');
    return { track: tx.putTrack(transition(track, 'cancelled', tx.at, options.reason)), cancelled_children: cancelled };
  });
}

function cancelDescendants(tx: FileTx, parentId: string, out: string[], reason: string): void {
  for (const child of openChildren(tx, parentId)) {
    cancelDescendants(tx, child.track_id, out, reason);
    let track = tx.getTrack(child.track_id);
    const path = pathTo(track.status, 'cancelled');
    if (!path) throw new InvalidStateError(track.track_id, track.status, 'cancelled', legalMoves(track.status));
    for (const status of path) track = transition(track, status, tx.at, reason);
    tx.putTrack(track);
    out.push(child.track_id);
  }
}
