// Checkpoint cost for a big track: 1,000 decisions and 200 artifacts (50 MB).
// Measures the time and the bytes a checkpoint adds when nothing changed and when one artifact
// changed: artifact bytes live once in the content-addressed object store, so a checkpoint
// costs its manifest and references, never a copy of the artifacts or of unchanged context.
// Run: npm run build && node bench/checkpoint.mjs
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, DECISIONS, writeContextDoc } from '../dist/features/notes/notes-docs.js';
import { activateTrack, addArtifact, createCheckpoint, createTrack, initStore, restoreCheckpoint, verifyCheckpoints } from '../dist/index.js';
import { putObject } from '../dist/store/file/objects.js';

const DECISION_COUNT = 1_000;
const ARTIFACT_COUNT = 200;
const ARTIFACT_BYTES = 250 * 1024;
const REPEATS = 5;

function bytesUnder(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    total += st.isDirectory() ? bytesUnder(path) : st.size;
  }
  return total;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(1)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'track-bench-')));
try {
  const store = initStore({ cwd: dir });
  const { track } = await createTrack(store, { name: 'Bench', goal: 'measure checkpoints' });
  const id = track.track_id;
  await activateTrack(store, { track_id: id });

  // Setup writes the documents and objects in bulk; the measured operations use the public API.
  const items = [];
  for (let i = 0; i < ARTIFACT_COUNT; i++) {
    const { sha256, size } = putObject(store.root, id, randomBytes(ARTIFACT_BYTES));
    items.push({ name: `artifact-${String(i).padStart(3, '0')}.bin`, sha256, size, added_at: new Date().toISOString() });
  }
  await store.transaction(async (tx) => {
    const decisions = Array.from({ length: DECISION_COUNT }, (_, i) => ({
      id: `dec-${String(i + 1).padStart(4, '0')}`,
      title: `Decision ${i + 1}: use approach ${i % 7} for component ${i % 31}`,
      rationale: `Because measurement ${i} showed it was simpler and faster than the alternatives considered.`,
      alternatives: [`approach ${(i + 1) % 7}`, `approach ${(i + 2) % 7}`],
      status: 'active',
      created_at: tx.at,
    }));
    await writeContextDoc(tx, id, DECISIONS, { format: 'track-decisions/1', items: decisions });
    await writeContextDoc(tx, id, ARTIFACTS, { format: 'track-artifacts/1', items });
  });
  const trackDir = join(store.root, id);
  const artifactBytes = ARTIFACT_COUNT * ARTIFACT_BYTES;

  const first = await timed(() => createCheckpoint(store, { reason: 'first' }));
  const unchanged = [];
  for (let i = 0; i < REPEATS; i++) {
    const before = bytesUnder(trackDir);
    const t = await timed(() => createCheckpoint(store, { reason: 'nothing changed' }));
    unchanged.push({ ms: t.ms, added: bytesUnder(trackDir) - before });
  }

  const changed = [];
  for (let i = 0; i < REPEATS; i++) {
    writeFileSync(join(dir, 'artifact-000.bin'), randomBytes(ARTIFACT_BYTES));
    const beforeAdd = bytesUnder(trackDir);
    await addArtifact(store, { file: join(dir, 'artifact-000.bin') });
    const beforeCheckpoint = bytesUnder(trackDir);
    const t = await timed(() => createCheckpoint(store, { reason: 'one artifact changed' }));
    changed.push({ ms: t.ms, objectAdded: beforeCheckpoint - beforeAdd, added: bytesUnder(trackDir) - beforeCheckpoint });
  }

  const verify = await timed(() => verifyCheckpoints(store, { checkpoint_id: first.result.checkpoint_id }));
  if (!verify.result.results[0].ok) throw new Error('verify failed');
  const restore = await timed(() => restoreCheckpoint(store, { checkpoint_id: first.result.checkpoint_id }));

  const decisionsBytes = statSync(join(trackDir, 'context', 'decisions.json')).size;
  const manifestBytes = Buffer.byteLength(JSON.stringify(first.result.artifacts, null, 2));
  const lines = [
    `track: ${DECISION_COUNT} decisions, ${ARTIFACT_COUNT} artifacts of ${ARTIFACT_BYTES / 1024} KiB (${(artifactBytes / 1024 / 1024).toFixed(1)} MiB)`,
    `first checkpoint:               ${ms(first.ms)}`,
    `checkpoint, nothing changed:    median ${ms(median(unchanged.map((u) => u.ms)))}, adds ${kb(median(unchanged.map((u) => u.added)))} (${((median(unchanged.map((u) => u.added)) / artifactBytes) * 100).toFixed(2)}% of the artifact bytes)`,
    `checkpoint, one artifact changed: median ${ms(median(changed.map((c) => c.ms)))}, adds ${kb(median(changed.map((c) => c.added)))}; the changed artifact itself added ${kb(median(changed.map((c) => c.objectAdded)))} once, at 'artifact add'`,
    `  of which: artifact manifest ${kb(manifestBytes)}; decisions.json (${kb(decisionsBytes)}) is referenced by sha256, stored once`,
    `verify one checkpoint (hashes every referenced object): ${ms(verify.ms)}`,
    `restore (verify + safety checkpoint + apply):           ${ms(restore.ms)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
