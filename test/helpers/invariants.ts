import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { activePointers, laneOfTrack, pointerOf } from '../../src/core/lane-pointers.js';
import { isClosed } from '../../src/core/lifecycle.js';
import { buildIndexes } from '../../src/core/registry-index.js';
import { headSchema, registrySchema, registrySegmentSchema, trackSchema } from '../../src/core/schema.js';
import { readJsonFile } from '../../src/store/file/safe-json.js';

/**
 * Checks every store invariant from the files alone and returns the problems found:
 * the registry parses and validates, agrees with every track.json (status, segment, indexes),
 * each lane has at most one active track and its pointer names exactly that one (the default lane's
 * pointer is the registry's `active_track_id`), and no journal is left behind.
 */
export function storeProblems(root: string): string[] {
  const problems: string[] = [];
  const registry = readJsonFile(join(root, 'track-registry.json'), registrySchema);
  const closed = readJsonFile(join(root, 'track-registry.closed.json'), registrySegmentSchema);
  const head = readJsonFile(join(root, 'track-head.json'), headSchema);
  // A folder holding nothing but objects is what an interrupted import leaves: harmless, not a track.
  const onlyObjects = (n: string) => readdirSync(join(root, n)).every((entry) => entry === 'objects');
  const dirs = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory() && n !== 'lost+found' && !onlyObjects(n));
  const activeByLane = new Map<string, string[]>();
  for (const id of dirs) {
    const track = readJsonFile(join(root, id, 'track.json'), trackSchema);
    if (track.status === 'active') activeByLane.set(laneOfTrack(track), [...(activeByLane.get(laneOfTrack(track)) ?? []), id]);
    const summary = isClosed(track.status) ? closed.tracks[id] : registry.tracks[id];
    if (!summary) problems.push(`${id} missing from the ${isClosed(track.status) ? 'closed' : 'open'} registry segment`);
    else if (summary.status !== track.status) problems.push(`${id}: registry says ${summary.status}, track.json says ${track.status}`);
    else if (laneOfTrack(summary) !== laneOfTrack(track))
      problems.push(`${id}: registry says lane ${laneOfTrack(summary)}, track.json says ${laneOfTrack(track)}`);
    if ((isClosed(track.status) ? registry.tracks[id] : closed.tracks[id]) !== undefined) problems.push(`${id} is in both segments`);
  }
  const known = new Set([...Object.keys(registry.tracks), ...Object.keys(closed.tracks)]);
  for (const id of known) if (!dirs.includes(id)) problems.push(`registry lists ${id} but it has no directory`);
  for (const [lane, active] of activeByLane) {
    if (active.length > 1) problems.push(`more than one active track in lane ${lane}: ${active.join(', ')}`);
    if (pointerOf(registry, lane) !== active[0])
      problems.push(`lane ${lane}'s pointer is ${pointerOf(registry, lane)} but its active tracks are [${active.join(', ')}]`);
  }
  for (const [lane, id] of activePointers(registry)) {
    if (!activeByLane.get(lane)?.includes(id)) problems.push(`lane ${lane} points at ${id}, which is not active in it`);
  }
  if (JSON.stringify([...activePointers(head)]) !== JSON.stringify([...activePointers(registry)])) problems.push('track-head.json disagrees with the registry');
  if (head.generation !== registry.generation) problems.push('track-head.json generation disagrees with the registry');
  for (const [segment, name] of [
    [registry, 'open'],
    [closed, 'closed'],
  ] as const) {
    const expected = JSON.stringify(sortIdx(buildIndexes(Object.values(segment.tracks))));
    if (JSON.stringify(sortIdx(segment.indexes)) !== expected) problems.push(`${name} segment indexes disagree with its tracks`);
  }
  if (readdirSync(root).includes('.track.journal.json')) problems.push('a transaction journal was left behind');
  return problems;
}

function sortIdx(indexes: Record<string, Record<string, string[]>>): unknown {
  const out: Record<string, Record<string, string[]>> = {};
  for (const k of Object.keys(indexes).sort()) {
    out[k] = {};
    for (const v of Object.keys(indexes[k] ?? {}).sort()) (out[k] as Record<string, string[]>)[v] = [...(indexes[k]?.[v] ?? [])].sort();
  }
  return out;
}
