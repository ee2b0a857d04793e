// Builds a tracks root with many tracks directly from the domain functions (creating 10,000
// tracks one command at a time would benchmark the fixture, not the commands).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../dist/core/canonical.js';
import { buildIndexes, emptyRegistry, emptySegment, summarize } from '../../dist/core/registry-index.js';
import { newTrack } from '../../dist/core/track-factory.js';
import { FileStore } from '../../dist/store/file/file-store.js';

const TYPES = ['feature', 'bugfix', 'refactor', 'performance', 'security'];

/**
 * A tracks root in `dir` holding the tracks `tracks(at)` yields (`{ track, open }`): each document
 * written as the store writes it, its summary in the open or the closed registry segment. Returns `dir`.
 */
export function writeFixture(dir, tracks) {
  mkdirSync(dir, { recursive: true });
  const { store } = FileStore.init({ cwd: dir });
  const at = new Date().toISOString();
  const registry = emptyRegistry(at);
  const closed = emptySegment('closed', at);
  let total = 0;
  for (const { track, open } of tracks(at)) {
    mkdirSync(join(store.root, track.track_id), { recursive: true, mode: 0o700 });
    writeFileSync(join(store.root, track.track_id, 'track.json'), `${JSON.stringify(track, null, 2)}\n`, { mode: 0o600 });
    (open ? registry : closed).tracks[track.track_id] = summarize(track);
    total++;
  }
  writeRegistries(store.root, registry, closed, total);
  return dir;
}

/**
 * `total` tracks of which `open` are open (draft, plus track-a/track-b ready to switch between)
 * and the rest archived. Returns the project directory.
 */
export function buildFixture(dir, total, open) {
  return writeFixture(dir, function* (at) {
    for (let i = 1; i <= total; i++) {
      const id = i === 1 ? 'track-a' : i === 2 ? 'track-b' : `track-bench-${String(i).padStart(5, '0')}`;
      const track = newTrack({ track_id: id, name: `Bench ${i}`, type: TYPES[i % TYPES.length], priority: `P${i % 4}`, goal: 'benchmark' }, at);
      if (i <= 2) yield { track: { ...track, status: 'ready' }, open: true };
      else if (i <= open) yield { track, open: true };
      else {
        const history = [...track.status_history, { from: 'draft', to: 'cancelled', at }, { from: 'cancelled', to: 'archived', at }];
        yield { track: { ...track, status: 'archived', status_history: history }, open: false };
      }
    }
  });
}

/** The open and closed registry segments of a fixture root, their indexes and counts filled in. */
function writeRegistries(root, registry, closed, total) {
  registry.indexes = buildIndexes(Object.values(registry.tracks));
  closed.indexes = buildIndexes(Object.values(closed.tracks));
  registry.next_sequence = total + 1;
  registry.closed_segment.count = Object.keys(closed.tracks).length;
  writeFileSync(join(root, 'track-registry.json'), `${canonicalJson(registry)}\n`);
  writeFileSync(join(root, 'track-registry.closed.json'), `${canonicalJson(closed)}\n`);
}
