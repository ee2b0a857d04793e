/** The bundles keep no class names (scripts/build.mjs), so each error class names itself: the name must be its own. */
import { describe, expect, it } from 'vitest';
import * as errors from '../../src/core/errors.js';
import { StepBlockedError } from '../../src/core/plan-select.js';
import type { Step } from '../../src/core/schema.js';

const step = { step_id: 's1', status: 'pending' } as Step;
/** Arguments each constructor accepts; the ones not listed take strings. */
const ARGS: Record<string, unknown[]> = {
  TrackError: ['VALIDATION', 'message'],
  NoActiveTrackError: [[]],
  InvalidStateError: ['track-a', 'draft', 'done', ['ready']],
  ActiveInOtherLaneError: ['track-a', { lane: 'wt-b', active_track_id: 'track-a' }, 'switch'],
  StepBlockedError: [step, [step]],
};

describe('error class names', () => {
  type ErrorClass = new (...args: unknown[]) => errors.TrackError;
  const isErrorClass = (value: unknown): value is ErrorClass =>
    typeof value === 'function' && (value === errors.TrackError || value.prototype instanceof errors.TrackError);
  const classes = Object.entries<unknown>({ ...errors, StepBlockedError }).flatMap(([name, value]) => (isErrorClass(value) ? [[name, value] as const] : []));

  it('finds every error class', () => {
    expect(classes.length).toBeGreaterThanOrEqual(18);
  });

  it.each(classes)('%s is named %s', (name, ErrorClass) => {
    const error = new ErrorClass(...(ARGS[name] ?? ['a', 'b', 'c']));
    expect(error.name).toBe(name);
    expect(String(error.stack)).toMatch(new RegExp(`^${name}: `));
  });
});
