import { describe, expect, it } from 'vitest';
import type { Track } from '../../src/core/schema.js';
import { newTrack } from '../../src/core/track-factory.js';
import { computeStats, trackTimes } from '../../src/features/stats/figures.js';

const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString();

/** A track whose history visits `moves` (status, hour) in order. */
function tracked(id: string, type: Track['type'], priority: Track['priority'], moves: Array<[Track['status'], number]>): Track {
  const t = newTrack({ track_id: id, name: id, type, priority, goal: 'g' }, at(0));
  let from: Track['status'] = 'draft';
  const history = [...t.status_history];
  for (const [to, hour] of moves) {
    history.push({ from, to, at: at(hour) });
    from = to;
  }
  return { ...t, status: from, status_history: history };
}

describe('stats', () => {
  const a = tracked('track-a-001', 'feature', 'P1', [
    ['ready', 1],
    ['active', 1],
    ['paused', 3],
    ['active', 7],
    ['completed', 8],
    ['archived', 9],
  ]);
  const b = tracked('track-b-001', 'feature', 'P2', [
    ['ready', 0],
    ['active', 2],
    ['failed', 4],
  ]);
  const c = tracked('track-c-001', 'bugfix', 'P1', [['cancelled', 5]]);
  const d = tracked('track-d-001', 'bugfix', 'P1', [
    ['ready', 0],
    ['active', 10],
  ]);
  const now = new Date(at(12));

  it('measures time active and paused, and lead time to completion', () => {
    const times = trackTimes(a, now.getTime(), Number.NEGATIVE_INFINITY);
    expect(times.active_ms).toBe(3 * 3_600_000);
    expect(times.paused_ms).toBe(4 * 3_600_000);
    expect(times.lead_time_ms).toBe(8 * 3_600_000);
    expect(trackTimes(d, now.getTime(), Number.NEGATIVE_INFINITY)).toMatchObject({ active_ms: 2 * 3_600_000, lead_time_ms: null });
  });

  it('rates by type and priority; an archived track keeps its outcome', () => {
    const r = computeStats([a, b, c, d], [], { now });
    const feature = r.by_type.find((g) => g.key === 'feature');
    expect(feature).toMatchObject({ tracks: 2, completed: 1, failed: 1, completion_rate: 0.5, failure_rate: 0.5, mean_lead_time_ms: 8 * 3_600_000 });
    expect(r.by_type.find((g) => g.key === 'bugfix')).toMatchObject({ tracks: 2, cancelled: 1, open: 1, completion_rate: 0 });
    expect(r.by_priority.map((g) => g.key)).toEqual(['P1', 'P2']);
    expect(r.totals).toMatchObject({ completed: 1, failed: 1, cancelled: 1, open: 1 });
  });

  it('finds step failure hot spots and retries from runs and from step counters', () => {
    const runs = [
      { track_id: 'track-a-001', step_id: 'test', status: 'failed', attempts: 3 },
      { track_id: 'track-b-001', step_id: 'test', status: 'failed', attempts: 1 },
      { track_id: 'track-b-001', step_id: 'build', status: 'succeeded', attempts: 2 },
    ];
    const r = computeStats([a, b], runs, { now });
    expect(r.hot_spots[0]).toEqual({ step_id: 'test', failures: 2, retries: 2, tracks: 2 });
    expect(r.hot_spots[1]).toEqual({ step_id: 'build', failures: 0, retries: 1, tracks: 1 });
    expect(r.totals.retries).toBe(3);
  });

  it('--since keeps tracks with activity since then and clips their time to the window', () => {
    const r = computeStats([a, b, c, d], [], { now, since: new Date(at(6)) });
    expect(r.per_track.map((p) => p.track_id).sort()).toEqual(['track-a-001', 'track-d-001']);
    const ta = r.per_track.find((p) => p.track_id === 'track-a-001');
    expect(ta).toMatchObject({ active_ms: 1 * 3_600_000, paused_ms: 1 * 3_600_000 });
  });
});
