/** What changed between two checkpoints of a track: its fields, its steps, its notes and artifacts, its runs. */
import type { Checkpoint, Step } from '../../core/schema.js';
import type { StorePort, StoreReader } from '../../store/port.js';
import { ASSUMPTIONS_FILE, DECISIONS_FILE, LEARNINGS_FILE } from '../notes/notes-docs.js';
import { resolveTrack } from '../tracks/bound-track.js';
import { checkCheckpointId } from './checkpoints.js';
import { checkpointContext, loadVerifiedCheckpoint } from './snapshot.js';

export interface CheckpointChange {
  /** e.g. `status`, `step step-002 status`, `decision dec-001`, `artifact notes.md`. */
  what: string;
  before: string | null;
  after: string | null;
}

export interface CheckpointDiff {
  track_id: string;
  from: string;
  to: string;
  changes: CheckpointChange[];
}

export interface DiffInput {
  track_id?: string | undefined;
  from: string;
  to: string;
}

type Shown = string | null;
const shown = (value: unknown): Shown => (value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value));

/** Pairs of values by key; a change for each key whose values differ. */
function compare(what: (key: string) => string, before: ReadonlyMap<string, Shown>, after: ReadonlyMap<string, Shown>): CheckpointChange[] {
  const changes: CheckpointChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(key) ?? null, after.get(key) ?? null];
    if (b !== a) changes.push({ what: what(key), before: b, after: a });
  }
  return changes;
}

function trackFields(c: Checkpoint): Map<string, Shown> {
  const t = c.track;
  return new Map<string, Shown>([
    ['name', t.name],
    ['status', t.status],
    ['type', t.type],
    ['priority', t.priority],
    ['goal', t.context.goal],
    ['success criteria', shown(t.context.success_criteria)],
    ['tags', shown(t.tags)],
    ['progress', `${t.progress.completed_steps}/${t.progress.total_steps} (${t.progress.percentage}%)`],
    ['current step', t.progress.current_step_id],
  ]);
}

/** Each step as one line: its name, status and holder. */
const stepLine = (s: Step): string => `${s.name}: ${s.status}${s.claim ? ` (held by ${s.claim.holder})` : ''}`;

/** The items of a decisions/assumptions/learnings document, by id, as the text a person reads. */
function itemsOf(files: Record<string, string>, file: string): Map<string, Shown> {
  const text = files[file];
  if (text === undefined) return new Map();
  const doc = JSON.parse(text) as { items: Array<{ id: string; title?: string; text?: string; status?: string }> };
  return new Map(doc.items.map((item) => [item.id, `${item.title ?? item.text ?? ''}${item.status ? ` [${item.status}]` : ''}`]));
}

const runsOf = (c: Checkpoint): Map<string, Shown> =>
  new Map(Object.entries(c.runs ?? {}).map(([id, text]) => [id, shown((JSON.parse(text) as { status?: unknown }).status)]));

async function changesBetween(reader: StoreReader, from: Checkpoint, to: Checkpoint): Promise<CheckpointChange[]> {
  const [before, after] = [await checkpointContext(reader, from), await checkpointContext(reader, to)];
  const steps = (c: Checkpoint) => new Map(c.track.steps.map((s) => [s.step_id, stepLine(s)]));
  const artifacts = (c: Checkpoint) => new Map((c.artifacts ?? []).map((a) => [a.name, `${a.size} bytes, sha256 ${a.sha256.slice(0, 12)}`]));
  return [
    ...compare((key) => key, trackFields(from), trackFields(to)),
    ...compare((id) => `step ${id}`, steps(from), steps(to)),
    ...compare((id) => `decision ${id}`, itemsOf(before, DECISIONS_FILE), itemsOf(after, DECISIONS_FILE)),
    ...compare((id) => `assumption ${id}`, itemsOf(before, ASSUMPTIONS_FILE), itemsOf(after, ASSUMPTIONS_FILE)),
    ...compare((id) => `learning ${id}`, itemsOf(before, LEARNINGS_FILE), itemsOf(after, LEARNINGS_FILE)),
    ...compare((name) => `artifact ${name}`, artifacts(from), artifacts(to)),
    ...compare((id) => `run ${id}`, runsOf(from), runsOf(to)),
  ];
}

/** Both checkpoints are verified first: a damaged one is refused (CHECKSUM_MISMATCH), never compared. */
export function diffCheckpoints(store: StorePort, input: DiffInput): Promise<CheckpointDiff> {
  checkCheckpointId(input.from);
  checkCheckpointId(input.to);
  return store.read(async (reader) => {
    const trackId = (await resolveTrack(reader, input.track_id)).track_id;
    const from = await loadVerifiedCheckpoint(reader, trackId, input.from);
    const to = await loadVerifiedCheckpoint(reader, trackId, input.to);
    return { track_id: trackId, from: input.from, to: input.to, changes: await changesBetween(reader, from, to) };
  });
}
