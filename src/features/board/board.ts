/** The board: every track as a card in the column its state puts it in, read in one consistent snapshot. */
import { laneOfTrack } from '../../core/lane-pointers.js';
import type { Track, TrackSummary } from '../../core/schema.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { type LaneView, listLanes } from '../lanes/lanes.js';
import { blockersByTrack, unmetPrerequisites } from '../tracks/dependencies.js';

export type BoardColumn = 'draft' | 'ready' | 'blocked' | 'active' | 'paused' | 'done';

export interface BoardCard {
  track_id: string;
  name: string;
  type: Track['type'];
  priority: Track['priority'];
  status: Track['status'];
  column: BoardColumn;
  lane: string | null;
  branch: string | null;
  tags: string[];
  progress: { completed_steps: number; total_steps: number; percentage: number } | null;
  current_step: { step_id: string; name: string; status: string } | null;
  blocked_by: string[];
  parent_track_id: string | null;
  updated_at: string;
}

export interface Board {
  tracks: BoardCard[];
  lanes: LaneView[];
}

/** Draft and ready tracks wait in Blocked while a prerequisite is unfinished; closed ones (archived aside) are Done. */
function columnOf(status: Track['status'], blocked: boolean): BoardColumn | null {
  if (status === 'draft' || status === 'ready') return blocked ? 'blocked' : status;
  if (status === 'active' || status === 'paused') return status;
  return status === 'archived' ? null : 'done';
}

function cardOf(track: Track, column: BoardColumn, blockedBy: string[], branches: ReadonlyMap<string, string | null>): BoardCard {
  const lane = track.status === 'active' || track.status === 'paused' ? laneOfTrack(track) : null;
  const step = track.steps.find((s) => s.step_id === track.progress.current_step_id);
  return {
    track_id: track.track_id,
    name: track.name,
    type: track.type,
    priority: track.priority,
    status: track.status,
    column,
    lane,
    branch: track.status === 'active' && lane ? (branches.get(lane) ?? null) : null,
    tags: track.tags,
    progress: { completed_steps: track.progress.completed_steps, total_steps: track.progress.total_steps, percentage: track.progress.percentage },
    current_step: step ? { step_id: step.step_id, name: step.name, status: step.status } : null,
    blocked_by: blockedBy,
    parent_track_id: track.parent_track_id ?? null,
    updated_at: track.updated_at,
  };
}

async function cardsIn(reader: StoreReader, branches: ReadonlyMap<string, string | null>): Promise<BoardCard[]> {
  const open = (await reader.openTracks()).tracks;
  const blockers = blockersByTrack(open);
  const summaries: TrackSummary[] = [...Object.values(open), ...Object.values((await reader.closedTracks()).tracks)];
  const cards: BoardCard[] = [];
  for (const summary of summaries) {
    if (summary.status === 'archived') continue;
    const track = await reader.findTrack(summary.track_id);
    if (!track) continue;
    const waiting = track.status === 'draft' || track.status === 'ready' ? await unmetPrerequisites(reader, track, blockers) : [];
    const column = columnOf(track.status, waiting.length > 0);
    if (column)
      cards.push(
        cardOf(
          track,
          column,
          waiting.map((u) => u.track_id),
          branches,
        ),
      );
  }
  return cards;
}

/** Every track but the archived ones, with the lanes (whose branches the active cards show). */
export async function boardOf(store: StorePort): Promise<Board> {
  const lanes = await listLanes(store);
  const branches = new Map(lanes.map((l) => [l.lane, l.branch]));
  const tracks = await store.read((reader) => cardsIn(reader, branches));
  return { tracks, lanes };
}
