import { deriveProgress } from './progress.js';
import type { Step, Track, TrackContext } from './schema.js';
import type { Priority, TrackType } from './vocab.js';

export interface NewTrackFields {
  track_id: string;
  name: string;
  type: TrackType;
  priority: Priority;
  goal: string;
  description?: string | undefined;
  success_criteria?: string[] | undefined;
  tags?: string[] | undefined;
  parent_track_id?: string | undefined;
  context?: Partial<Omit<TrackContext, 'goal'>> | undefined;
  steps?: Step[] | undefined;
}

export function newTrack(fields: NewTrackFields, at: string): Track {
  const steps = fields.steps ?? [];
  return {
    schema_version: 1,
    track_id: fields.track_id,
    name: fields.name,
    type: fields.type,
    priority: fields.priority,
    status: 'draft',
    ...(fields.description ? { description: fields.description } : {}),
    tags: dedupe(fields.tags ?? []),
    ...(fields.parent_track_id ? { parent_track_id: fields.parent_track_id } : {}),
    context: {
      goal: fields.goal,
      success_criteria: fields.success_criteria ?? fields.context?.success_criteria ?? [],
      target_files: fields.context?.target_files ?? [],
      target_directories: fields.context?.target_directories ?? [],
      prerequisites: fields.context?.prerequisites ?? [],
      blocks: fields.context?.blocks ?? [],
      related_tracks: fields.context?.related_tracks ?? [],
    },
    steps,
    execution: { checkpoint_frequency: 'per-step', pause_on_failure: false, auto_advance: false, fail_track_on_failure: false },
    progress: deriveProgress(steps),
    status_history: [{ from: null, to: 'draft', at, reason: 'created' }],
    created_at: at,
    updated_at: at,
  };
}

/** Recomputes derived fields; every track written to disk passes through here. */
export function normalizeTrack(track: Track, at: string): Track {
  return { ...track, progress: deriveProgress(track.steps), updated_at: at };
}

const dedupe = (items: string[]): string[] => [...new Set(items)];
