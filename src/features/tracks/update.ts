import { ValidationError } from '../../core/errors.js';
import { help, hint, opt } from '../../core/hint.js';
import { LIMITS, type Track } from '../../core/schema.js';
import { closest, didYouMean } from '../../core/suggest.js';
import { STATUSES, type TrackStatus } from '../../core/vocab.js';
import type { StorePort } from '../../store/port.js';
import { checkpointTrack } from '../checkpoints/snapshot.js';
import { resolveTrack } from './bound-track.js';
import { assertNoDependencyCycle } from './dependencies.js';
import { setStatus, type TransitionResult } from './lifecycle.js';

type Setter = (track: Track, value: string) => Track;

const list = (value: string): string[] => {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ValidationError('the value is not a valid JSON array', 'pass a JSON array like ["a","b"] or a comma-separated list');
    }
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) {
      throw new ValidationError('the value must be an array of strings', 'pass a JSON array like ["a","b"]');
    }
    return parsed;
  }
  return trimmed === ''
    ? []
    : trimmed
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
};

const bool = (value: string): boolean => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ValidationError(`expected true or false, got '${value.slice(0, 40)}'`, hint`pass ${opt('value', 'true')} or ${opt('value', 'false')}`);
};

const contextField =
  (key: keyof Track['context']): Setter =>
  (t, v) => ({ ...t, context: { ...t.context, [key]: key === 'goal' ? v : list(v) } });

/** The fields `update` may set. Status is not here: it is routed through the lifecycle. */
export const UPDATABLE_FIELDS: Record<string, Setter> = {
  name: (t, v) => ({ ...t, name: v }),
  description: (t, v) => ({ ...t, description: v }),
  type: (t, v) => ({ ...t, type: v as Track['type'] }),
  priority: (t, v) => ({ ...t, priority: v as Track['priority'] }),
  tags: (t, v) => ({ ...t, tags: [...new Set(list(v))] }),
  goal: contextField('goal'),
  'context.goal': contextField('goal'),
  success_criteria: contextField('success_criteria'),
  'context.success_criteria': contextField('success_criteria'),
  'context.target_files': contextField('target_files'),
  'context.target_directories': contextField('target_directories'),
  'context.prerequisites': contextField('prerequisites'),
  'context.blocks': contextField('blocks'),
  'context.related_tracks': contextField('related_tracks'),
  'execution.checkpoint_frequency': (t, v) => ({ ...t, execution: { ...t.execution, checkpoint_frequency: v as Track['execution']['checkpoint_frequency'] } }),
  'execution.pause_on_failure': (t, v) => ({ ...t, execution: { ...t.execution, pause_on_failure: bool(v) } }),
  'execution.auto_advance': (t, v) => ({ ...t, execution: { ...t.execution, auto_advance: bool(v) } }),
  'execution.fail_track_on_failure': (t, v) => ({ ...t, execution: { ...t.execution, fail_track_on_failure: bool(v) } }),
};

export interface UpdateResult extends Partial<TransitionResult> {
  track: Track;
  field: string;
}

/**
 * Sets one field, validated against the schema. `status` goes through the lifecycle operation
 * that owns the move (a pause writes its checkpoint), so `update` is never a back door around it.
 */
export async function updateTrack(store: StorePort, id: string | undefined, field: string, value: string, reason?: string): Promise<UpdateResult> {
  if (value.length > LIMITS.text) throw new ValidationError(`the value is ${value.length} characters; at most ${LIMITS.text} are allowed`, 'shorten the value');
  if (field === 'status') {
    if (!STATUSES.includes(value as TrackStatus)) {
      const near = closest(value, STATUSES);
      throw new ValidationError(
        `invalid status '${value.slice(0, 40)}': must be one of ${STATUSES.join(', ')}`,
        near.length ? didYouMean(near) : hint`see ${help('update')}`,
        { value: value.slice(0, 200), ...(near.length ? { did_you_mean: near } : {}) },
      );
    }
    const result = await setStatus(store, id, value as TrackStatus, reason);
    return { ...result, field };
  }
  const setter = Object.hasOwn(UPDATABLE_FIELDS, field) ? UPDATABLE_FIELDS[field] : undefined;
  if (!setter) {
    const fields = ['status', ...Object.keys(UPDATABLE_FIELDS)];
    const near = closest(field, fields);
    throw new ValidationError(
      `the field '${field.slice(0, 60)}' cannot be updated`,
      near.length ? `${didYouMean(near)} (updatable fields: ${fields.join(', ')})` : `updatable fields: ${fields.join(', ')}`,
      { field: field.slice(0, 200), ...(near.length ? { did_you_mean: near } : {}) },
    );
  }
  return store.transaction(async (tx) => {
    const track = await resolveTrack(tx, id);
    const changed = setter(track, value);
    if (field === 'context.prerequisites' || field === 'context.blocks') await assertNoDependencyCycle(tx, changed);
    const saved = await tx.putTrack(changed);
    // A paused track is restored from its latest checkpoint on resume, so the edit must be in one.
    const checkpoint = saved.status === 'paused' ? await checkpointTrack(tx, saved, 'pause', `updated ${field} while paused`) : undefined;
    return { track: saved, field, checkpoint };
  });
}
