/**
 * The checks `track doctor` runs: each looks at one inspection and reports problems, each with the
 * repair that fixes it. A new kind of file gets one more entry in `CHECKS`.
 */
import { canonicalJson } from '../../core/canonical.js';
import { activePointers, expectedPointers, headOf, heldByOtherClone, laneOfTrack, pointerOf } from '../../core/lane-pointers.js';
import { DEFAULT_LANE } from '../../core/lanes.js';
import { isClosed } from '../../core/lifecycle.js';
import { buildIndexes, summarize } from '../../core/registry-index.js';
import { minimumNextSequence } from '../../core/registry-rebuild.js';
import type { Indexes, Track } from '../../core/schema.js';
import { TEMP_PREFIX } from '../../store/file/atomic-write.js';
import { BREAKER_SUFFIX, LOCK_FILE } from '../../store/file/lock.js';
import { OBJECTS_DIR } from '../../store/file/objects.js';
import { pidAlive, tempFileOwner } from '../../store/file/scan.js';
import { isProvablyGone } from '../../store/process-identity.js';
import { ATTRIBUTES_FILE } from '../git/attributes.js';
import { DRIVER_FIX, missingDriverWarning } from '../git/driver-check.js';
import { type Inspection, JOURNAL_FILE } from './inspect.js';
import type { Check, Problem } from './problem.js';
import { staleLanes } from './stale-lanes.js';

const BROKEN_LOCK_PREFIX = `${LOCK_FILE}.broken-`;
const BREAKER_TURN = `${LOCK_FILE}${BREAKER_SUFFIX}`;
const LEFTOVER_AGE_MS = 30_000;
const baseName = (relative: string): string => relative.slice(relative.lastIndexOf('/') + 1);

const leftovers: Check = {
  name: 'leftovers',
  run(ins) {
    const problems: Problem[] = [];
    if (ins.lock?.dead) {
      const owner = ins.lock.owner ? `pid ${ins.lock.owner.pid} on ${ins.lock.owner.host}` : 'an unknown process';
      problems.push({
        check: 'leftovers',
        path: LOCK_FILE,
        problem: `lock left behind by ${owner}, which is gone`,
        fix: 'break the dead lock',
        repair: { kind: 'break-lock' },
      });
    }
    if (!ins.writerAlive && ins.journal === 'valid') {
      problems.push({
        check: 'leftovers',
        path: JOURNAL_FILE,
        problem: 'an interrupted transaction left its journal',
        fix: 'roll the journal forward (the next command would too)',
        repair: { kind: 'roll-forward' },
      });
    }
    if (!ins.writerAlive && ins.journal === 'damaged') {
      problems.push({
        check: 'leftovers',
        path: JOURNAL_FILE,
        problem: 'the transaction journal is damaged (it was never committed)',
        fix: 'move it to lost+found/',
        repair: { kind: 'quarantine', path: JOURNAL_FILE },
      });
    }
    const now = Date.now();
    for (const { relative, stats } of ins.entries) {
      const name = baseName(relative);
      const owner = tempFileOwner(name);
      const deadTemp = name.startsWith(TEMP_PREFIX) && (owner === null ? now - stats.mtimeMs > LEFTOVER_AGE_MS : !pidAlive(owner));
      // A breaker's turn lasts an instant: one 30 s old was left by a breaker that died in it.
      const oldBrokenLock = (name.startsWith(BROKEN_LOCK_PREFIX) || name.startsWith(BREAKER_TURN)) && now - stats.mtimeMs > LEFTOVER_AGE_MS;
      if ((deadTemp || oldBrokenLock) && !stats.isDirectory()) {
        problems.push({
          check: 'leftovers',
          path: relative,
          problem: deadTemp ? `temporary file of ${owner === null ? 'an unknown process' : `pid ${owner}`}, which is gone` : 'leftover of a broken lock',
          fix: 'remove it',
          repair: { kind: 'remove', path: relative },
        });
      }
    }
    return problems;
  },
};

const files: Check = {
  name: 'files',
  run(ins) {
    const problems: Problem[] = [];
    for (const { relative, stats } of ins.entries) {
      const shown = relative || '.';
      if (stats.isSymbolicLink() || (!stats.isFile() && !stats.isDirectory())) {
        problems.push({
          check: 'files',
          path: relative,
          problem: `${shown} is ${stats.isSymbolicLink() ? 'a symbolic link' : 'not a regular file or directory'}; the store never follows or writes through one`,
          fix: relative ? 'move it to lost+found/' : 'replace the root by a real directory',
          repair: relative ? { kind: 'quarantine', path: relative } : { kind: 'manual' },
        });
      } else if ((stats.mode & 0o022) !== 0) {
        // What the store creates is private (0600/0700); what a git checkout creates (0644/0755) is accepted, but
        // nothing another user could change.
        const wanted = stats.isDirectory() ? '0700' : '0600';
        problems.push({
          check: 'files',
          path: relative,
          problem: `${shown} has mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}; other users may change it`,
          fix: `chmod ${wanted}`,
          repair: { kind: 'restrict-mode', path: relative, directory: stats.isDirectory() },
        });
      }
    }
    return problems;
  },
};

/** A file git left in conflict: reported with the way to finish the merge, never moved (that would lose both sides). */
const inConflict = (check: string, path: string): Problem => ({
  check,
  path,
  problem: `${path} has unresolved git merge conflict markers (a merge is not finished)`,
  fix: `finish the merge: edit ${path} (in the tracks root) to keep both sides' changes, or take one side with 'git checkout --ours' / '--theirs' on it, then 'git add' it`,
  repair: { kind: 'manual' },
});

const tracks: Check = {
  name: 'tracks',
  run(ins) {
    const problems: Problem[] = [];
    for (const dir of ins.directories) {
      if (dir.track.ok || dir.onlyObjects) continue;
      const missing = dir.track.reason === 'has no track.json';
      const path = missing ? dir.id : `${dir.id}/track.json`;
      if (dir.track.conflict) {
        problems.push(inConflict('tracks', path));
        continue;
      }
      problems.push({
        check: 'tracks',
        path,
        problem: `${dir.id}: ${dir.track.reason}`,
        fix: missing
          ? 'restore its track.json, or move the directory out of the tracks root'
          : 'move the track directory to lost+found/ (its checkpoints go with it) and drop it from the registry',
        repair: missing ? { kind: 'manual' } : { kind: 'quarantine', path: dir.id },
      });
    }
    return problems;
  },
};

const checkpoints: Check = {
  name: 'checkpoints',
  run(ins) {
    const problems: Problem[] = [];
    for (const dir of ins.directories) {
      if (!dir.track.ok) continue;
      for (const { id, checkpoint } of dir.checkpoints) {
        if (checkpoint.ok) continue;
        const path = `${dir.id}/checkpoints/${id}.json`;
        if (checkpoint.conflict) {
          problems.push(inConflict('checkpoints', path));
          continue;
        }
        problems.push({
          check: 'checkpoints',
          path,
          problem: `${path}: ${checkpoint.reason}`,
          fix: 'move it to lost+found/',
          repair: { kind: 'quarantine', path },
        });
      }
    }
    return problems;
  },
};

const context: Check = {
  name: 'context',
  run(ins) {
    const problems: Problem[] = [];
    for (const dir of ins.directories) {
      if (!dir.track.ok) continue;
      for (const { file, doc } of dir.context) {
        if (doc.ok) continue;
        const path = `${dir.id}/context/${file}`;
        if (doc.conflict) {
          problems.push(inConflict('context', path));
          continue;
        }
        problems.push({
          check: 'context',
          path,
          problem: `${path}: ${doc.reason}`,
          fix: `move it to lost+found/; 'track restore --track-id ${dir.id} --checkpoint ID' brings back a checkpointed version`,
          repair: { kind: 'quarantine', path },
        });
      }
    }
    return problems;
  },
};

const objects: Check = {
  name: 'objects',
  run(ins) {
    return ins.directories.flatMap((dir) =>
      dir.track.ok
        ? dir.badObjects.map(
            ({ path, reason }): Problem => ({
              check: 'objects',
              path,
              problem: `${path}: ${reason}`,
              fix: `the bytes are lost: re-add the artifact with 'track artifact add', or restore another checkpoint ('track checkpoint verify --all --track-id ${dir.id}' lists the intact ones)`,
              repair: { kind: 'manual' },
            }),
          )
        : [],
    );
  },
};

const OBJECT_NAME = /^[0-9a-f]{64}$/;

/** Objects are written before their transaction commits: one that failed or was killed leaves an object nothing references. */
const unreferencedObjects: Check = {
  name: 'unreferenced-objects',
  run(ins) {
    // Every writer of objects holds the lock (so does 'doctor --fix' when it removes them); the age rule keeps a plain report quiet about a transaction in flight.
    const now = Date.now();
    const problems: Problem[] = [];
    for (const dir of ins.directories) {
      const referenced = dir.referenced;
      if ((!dir.track.ok && !dir.onlyObjects) || referenced === null) continue;
      const prefix = `${dir.id}/${OBJECTS_DIR}/`;
      for (const { relative, stats } of ins.entries) {
        const name = relative.slice(prefix.length);
        if (!relative.startsWith(prefix) || !OBJECT_NAME.test(name) || !stats.isFile() || referenced.has(name)) continue;
        // A young object may belong to a transaction still being prepared: only old ones are provably left behind.
        if (now - stats.mtimeMs <= LEFTOVER_AGE_MS) continue;
        problems.push({
          check: 'unreferenced-objects',
          path: relative,
          problem: dir.onlyObjects
            ? 'an object left by an interrupted import (its track was never created); harmless'
            : 'an object no checkpoint or artifact references (a replaced artifact, or left by an interrupted command); harmless',
          fix: dir.onlyObjects ? 'remove it (and the folder once empty)' : 'remove it',
          repair: { kind: 'remove', path: relative, ...(dir.onlyObjects ? { prune: [`${dir.id}/${OBJECTS_DIR}`, dir.id] } : {}) },
          harmless: true,
        });
      }
    }
    return problems;
  },
};

const runs: Check = {
  name: 'runs',
  run(ins) {
    const problems: Problem[] = [];
    for (const dir of ins.directories) {
      if (!dir.track.ok) continue;
      for (const { id, run } of dir.runs) {
        const path = `${dir.id}/workflows/${id}/run.json`;
        if (!run.ok) {
          problems.push({
            check: 'runs',
            path,
            problem: `${path}: ${run.reason}`,
            fix: 'move it to lost+found/',
            repair: { kind: 'quarantine', path },
          });
        } else if (run.value.status === 'running' && run.value.owner && isProvablyGone(run.value.owner)) {
          problems.push({
            check: 'runs',
            path,
            problem: `${dir.id}/${id} is still 'running', but its process (pid ${run.value.owner.pid} on ${run.value.owner.host}) is gone`,
            fix: `run 'track next --track-id ${dir.id}': it applies the result the run's command recorded, or else marks the run interrupted and retries or hands back its step`,
            repair: { kind: 'manual' },
          });
        }
      }
    }
    return problems;
  },
};

const sortedIndexes = (indexes: Indexes): string =>
  canonicalJson(
    Object.fromEntries(Object.entries(indexes).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([key, ids]) => [key, [...ids].sort()]))])),
  );

/** Every disagreement between the registry files and the track documents. */
function registryDisagreements(ins: Inspection, readable: Track[]): string[] {
  if (!ins.registry.ok) return [`track-registry.json: ${ins.registry.reason}`];
  if (!ins.closed.ok) return [`track-registry.closed.json: ${ins.closed.reason}`];
  const registry = ins.registry.value;
  const closed = ins.closed.value;
  const found: string[] = [];
  const expectedOpen = readable.filter((t) => !isClosed(t.status)).map(summarize);
  const expectedClosed = readable.filter((t) => isClosed(t.status)).map(summarize);
  for (const [segment, expected, name] of [
    [registry, expectedOpen, 'open'],
    [closed, expectedClosed, 'closed'],
  ] as const) {
    const wanted = new Map(expected.map((s) => [s.track_id, s]));
    for (const [id, summary] of wanted) {
      const listed = segment.tracks[id];
      if (!listed) found.push(`${id} is missing from the ${name} registry segment`);
      else if (canonicalJson(listed) !== canonicalJson(summary)) found.push(`the ${name} registry's summary of ${id} disagrees with its track.json`);
    }
    for (const id of Object.keys(segment.tracks)) if (!wanted.has(id)) found.push(`the ${name} registry lists ${id}, which has no readable track.json there`);
    if (sortedIndexes(segment.indexes) !== sortedIndexes(buildIndexes(Object.values(segment.tracks))))
      found.push(`the ${name} segment's indexes disagree with its tracks`);
  }
  if (registry.closed_segment.count !== Object.keys(closed.tracks).length) found.push('the registry miscounts the closed segment');
  const expected = expectedPointers(readable, registry, registry.clone);
  const pointers = activePointers(registry);
  for (const lane of new Set([...expected.keys(), ...pointers.keys()])) {
    const want = expected.get(lane) ?? null;
    const have = pointers.get(lane) ?? null;
    const pointer = lane === DEFAULT_LANE ? 'the active pointer' : `lane ${lane}'s active pointer`;
    if (want !== have) found.push(`${pointer} names ${have ?? 'no track'}, but the active track is ${want ?? 'none'}`);
  }
  const minimum = minimumNextSequence(readable.map((t) => t.track_id));
  if (registry.next_sequence < minimum) found.push(`next_sequence ${registry.next_sequence} would reissue an existing id number (needs ≥ ${minimum})`);
  if (!ins.head.ok) found.push(`track-head.json: ${ins.head.reason}`);
  else if (canonicalJson(ins.head.value) !== canonicalJson(headOf(registry))) found.push('track-head.json disagrees with the registry');
  return found;
}

const registry: Check = {
  name: 'registry',
  run(ins) {
    if (ins.writerAlive && ins.journal !== 'none') return [];
    // A track in merge conflict is still a track: rebuilt without it, the registry would lose it.
    if (ins.directories.some((d) => !d.track.ok && d.track.conflict)) return [];
    const readable = ins.directories.flatMap((d) => (d.track.ok ? [d.track.value] : []));
    return registryDisagreements(ins, readable).map((problem) => ({
      check: 'registry',
      path: 'track-registry.json',
      problem,
      fix: 'rebuild the registry, its indexes and the active pointer from the track files',
      repair: { kind: 'rebuild-registry' } as const,
    }));
  },
};

const singleActive: Check = {
  name: 'single-active',
  run(ins) {
    const byLane = new Map<string, string[]>();
    const clone = ins.registry.ok ? ins.registry.value.clone : undefined;
    for (const d of ins.directories) {
      if (!d.track.ok || d.track.value.status !== 'active') continue;
      // Tracks that lanes of other clones hold (merged in through git) are theirs to keep single.
      if (heldByOtherClone(d.track.value, clone)) continue;
      const lane = laneOfTrack(d.track.value);
      byLane.set(lane, [...(byLane.get(lane) ?? []), d.id]);
    }
    return [...byLane].flatMap(([lane, active]) => {
      if (active.length <= 1) return [];
      const pointer = ins.registry.ok ? pointerOf(ins.registry.value, lane) : null;
      const keep = pointer && active.includes(pointer) ? pointer : null;
      const others = active.filter((id) => id !== keep);
      const laneFlag = lane === DEFAULT_LANE ? '' : ` --lane ${lane}`;
      return [
        {
          check: 'single-active',
          path: '',
          problem: `${active.length} tracks are active in lane ${lane} (${active.join(', ')}); only one may be`,
          fix: `decide which stays active and pause the others: ${others.map((id) => `track pause ${id}${laneFlag}`).join('; ')}`,
          repair: { kind: 'manual' } as const,
        },
      ];
    });
  },
};

const mergeDriver: Check = {
  name: 'merge-driver',
  run(ins) {
    const warning = missingDriverWarning(ins.root);
    return warning
      ? [
          // Nothing is wrong with the store: only the next merge of a track file would fall back to git's line merge.
          {
            check: 'merge-driver',
            path: ATTRIBUTES_FILE,
            problem: warning.replace(/; run: .*$/, ''),
            fix: DRIVER_FIX,
            repair: { kind: 'manual' },
            harmless: true,
          },
        ]
      : [];
  },
};

/** Every check, in the order the report lists them. */
export const CHECKS: readonly Check[] = [
  leftovers,
  files,
  tracks,
  checkpoints,
  context,
  objects,
  unreferencedObjects,
  runs,
  registry,
  singleActive,
  staleLanes,
  mergeDriver,
];
