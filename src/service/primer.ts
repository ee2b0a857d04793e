/**
 * The fresh-session primer: everything an agent that knows nothing needs to resume a track,
 * as Markdown or JSON, optionally bounded to a token budget (estimated as characters / 4).
 * Pure over a reader: no git subprocess (pass `git` in), no checkpoint validation beyond parsing.
 */
import type { Assumption, Decision, Learning, Step, Track } from '../domain/schema.js';
import type { DocumentReader } from '../store/documents.js';
import { checkpointFile } from '../store/layout.js';
import { parseJsonText } from '../store/safe-json.js';
import { ARTIFACTS, ASSUMPTIONS, DECISIONS, LEARNINGS, readContextDoc } from './context-docs.js';
import type { GitChanges } from './git-state.js';

export type PrimerFormat = 'md' | 'json';

export interface PrimerOptions {
  format?: PrimerFormat | undefined;
  /** Upper bound in tokens (≈ characters / 4). The goal and the current step are never dropped. */
  budget?: number | undefined;
  /** What changed in git since the last checkpoint, collected by the caller outside any lock. */
  git?: GitChanges | null | undefined;
}

interface PrimerStep {
  step_id: string;
  name: string;
  type: string;
  status: string;
  description?: string | undefined;
  action: Step['action'];
  success_criteria?: string[] | undefined;
}

export interface Primer {
  track: Pick<Track, 'track_id' | 'name' | 'type' | 'priority' | 'status' | 'description'>;
  goal: string;
  success_criteria: string[];
  progress: { completed_steps: number; total_steps: number; percentage: number };
  current_step: PrimerStep | null;
  next_steps: Pick<Step, 'step_id' | 'name' | 'type' | 'status'>[];
  decisions: Decision[];
  open_assumptions: Assumption[];
  learnings: Learning[];
  artifacts: { name: string; size: number; sha256: string; added_at: string }[];
  last_checkpoint: { checkpoint_id: string; kind: string; created_at: string; reason?: string; git?: unknown } | null;
  git: GitChanges | null;
  next_action: string;
  /** How many items of each kind were left out (defaults or budget); the listing commands show all. */
  omitted: Record<string, number>;
}

const DEFAULT_CAP = { decisions: 20, learnings: 20, open_assumptions: 50, artifacts: 50, next_steps: 5 } as const;
/** Newest first; items written in the same instant keep their document order (later = newer). */
const newestFirst = <T extends { created_at?: string; added_at?: string }>(items: T[]): T[] => {
  const when = (x: T) => x.created_at ?? x.added_at ?? '';
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => when(b.item).localeCompare(when(a.item)) || b.index - a.index)
    .map((x) => x.item);
};

/** The last checkpoint's header, parsed without validating the (possibly large) body. */
function lastCheckpointHeader(reader: DocumentReader, trackId: string): Primer['last_checkpoint'] {
  const ids = reader.listCheckpoints(trackId);
  const last = ids[ids.length - 1];
  if (!last) return null;
  let c: Record<string, unknown>;
  try {
    const text = reader.readRaw(checkpointFile(trackId, last));
    if (text === null) return null;
    c = parseJsonText(text, last) as Record<string, unknown>;
  } catch {
    // A damaged checkpoint must not hide the rest of the primer; verify says what is wrong.
    return { checkpoint_id: last, kind: 'unreadable', created_at: '', reason: `run 'track checkpoint verify ${last}'` };
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    checkpoint_id: last,
    kind: str(c.kind),
    created_at: str(c.created_at),
    ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
    ...(c.git ? { git: c.git } : {}),
  };
}

function nextAction(track: Track, current: PrimerStep | null): string {
  if (track.status === 'paused') return `the track is paused: run 'track resume ${track.track_id}' first`;
  if (track.status === 'draft' || track.status === 'ready') return `the track is not active: run 'track activate ${track.track_id}'`;
  if (['completed', 'failed', 'cancelled', 'archived'].includes(track.status)) return `the track is ${track.status}; nothing to resume`;
  if (!current) return track.steps.length ? 'every step is done: check the success criteria, then complete the track' : 'the track has no plan yet: add steps';
  return `continue step ${current.step_id} (${current.name})`;
}

export function buildPrimer(reader: DocumentReader, trackId: string, git: GitChanges | null = null): Primer {
  const track = reader.getTrack(trackId);
  const ordered = [...track.steps].sort((a, b) => a.order - b.order);
  const step = ordered.find((s) => s.step_id === track.progress.current_step_id) ?? null;
  const current: PrimerStep | null = step
    ? {
        step_id: step.step_id,
        name: step.name,
        type: step.type,
        status: step.status,
        ...(step.description ? { description: step.description } : {}),
        action: step.action,
        ...(step.success_criteria?.length ? { success_criteria: step.success_criteria } : {}),
      }
    : null;
  const pending = ordered.filter((s) => s !== step && (s.status === 'pending' || s.status === 'in-progress' || s.status === 'failed'));
  const decisions = newestFirst(readContextDoc(reader, trackId, DECISIONS).items.filter((d) => d.status === 'active'));
  const open = readContextDoc(reader, trackId, ASSUMPTIONS).items.filter((a) => a.status === 'open');
  const learnings = newestFirst(readContextDoc(reader, trackId, LEARNINGS).items);
  const artifacts = newestFirst(readContextDoc(reader, trackId, ARTIFACTS).items);
  const omitted: Record<string, number> = {};
  const cap = <T>(key: keyof typeof DEFAULT_CAP, items: T[]): T[] => {
    if (items.length > DEFAULT_CAP[key]) omitted[key] = items.length - DEFAULT_CAP[key];
    return items.slice(0, DEFAULT_CAP[key]);
  };
  return {
    track: {
      track_id: track.track_id,
      name: track.name,
      type: track.type,
      priority: track.priority,
      status: track.status,
      ...(track.description ? { description: track.description } : {}),
    },
    goal: track.context.goal,
    success_criteria: track.context.success_criteria,
    progress: { completed_steps: track.progress.completed_steps, total_steps: track.progress.total_steps, percentage: track.progress.percentage },
    current_step: current,
    next_steps: cap(
      'next_steps',
      pending.map((s) => ({ step_id: s.step_id, name: s.name, type: s.type, status: s.status })),
    ),
    decisions: cap('decisions', decisions),
    open_assumptions: cap('open_assumptions', newestFirst(open)),
    learnings: cap('learnings', learnings),
    artifacts: cap(
      'artifacts',
      artifacts.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256, added_at: a.added_at })),
    ),
    last_checkpoint: lastCheckpointHeader(reader, trackId),
    git,
    next_action: nextAction(track, current),
    omitted,
  };
}

const ONE_LINE = (s: string, max = 400) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function primerMarkdown(p: Primer): string {
  const out: string[] = [];
  const t = p.track;
  out.push(`# Track: ${t.name} (${t.track_id})`);
  out.push(
    `status ${t.status} · priority ${t.priority} · type ${t.type} · progress ${p.progress.completed_steps}/${p.progress.total_steps} steps (${p.progress.percentage}%)`,
  );
  if (t.description) out.push('', t.description);
  out.push('', '## Goal', p.goal);
  if (p.success_criteria.length) out.push('', 'Success criteria:', ...p.success_criteria.map((c) => `- ${c}`));
  out.push('', '## Next action', p.next_action);
  const s = p.current_step;
  if (s) {
    out.push('', `## Current step: ${s.step_id} — ${s.name}`, `type ${s.type} · status ${s.status} · action ${s.action.type}`);
    if (s.description) out.push(s.description);
    if (s.action.instructions) out.push('', 'Instructions:', s.action.instructions);
    if (s.action.command) out.push(`Command: \`${s.action.command}\``);
    if (s.action.workflow) out.push(`Workflow: ${s.action.workflow}`);
    if (s.action.agent) out.push(`Agent: ${s.action.agent}`);
    if (s.action.path) out.push(`Path: ${s.action.path}`);
    if (s.success_criteria?.length) out.push('Done when:', ...s.success_criteria.map((c) => `- ${c}`));
  }
  if (p.next_steps.length) out.push('', '## Next steps', ...p.next_steps.map((n, i) => `${i + 1}. ${n.step_id} — ${n.name} (${n.type}, ${n.status})`));
  if (p.decisions.length) {
    out.push('', '## Recent decisions (newest first)');
    for (const d of p.decisions) {
      let line = `- ${d.id}: ${ONE_LINE(d.title)}`;
      if (d.rationale) line += ` — because ${ONE_LINE(d.rationale)}`;
      if (d.alternatives.length) line += ` (rejected: ${d.alternatives.map((a) => ONE_LINE(a, 80)).join('; ')})`;
      if (d.supersedes) line += ` [supersedes ${d.supersedes}]`;
      if (d.provenance) line += ` [from ${d.provenance.from_track} ${d.provenance.item_id}]`;
      out.push(line);
    }
  }
  if (p.open_assumptions.length) out.push('', '## Open assumptions', ...p.open_assumptions.map((a) => `- ${a.id}: ${ONE_LINE(a.text)}`));
  if (p.learnings.length) out.push('', '## Learnings', ...p.learnings.map((l) => `- ${l.id}: ${ONE_LINE(l.text)}`));
  if (p.artifacts.length) {
    out.push(
      '',
      "## Artifacts (read with 'track artifact get NAME')",
      ...p.artifacts.map((a) => `- ${a.name} (${a.size} bytes, sha256 ${a.sha256.slice(0, 12)})`),
    );
  }
  const c = p.last_checkpoint;
  if (c) out.push('', '## Last checkpoint', `${c.checkpoint_id} (${c.kind}, ${c.created_at})${c.reason ? ` — ${ONE_LINE(c.reason)}` : ''}`);
  if (p.git) {
    const g = p.git;
    out.push('', g.since ? `## Git since ${g.since.slice(0, 12)}` : '## Git');
    out.push(`branch ${g.now.branch ?? '(detached)'} @ ${g.now.head?.slice(0, 12) ?? '(no commits)'}; ${g.now.dirty.length} uncommitted file(s)`);
    if (g.commits.length) out.push('Commits since the checkpoint:', ...g.commits.map((l) => `- ${l}`));
    if (g.changed_files.length) out.push('Files changed since the checkpoint:', ...g.changed_files.map((f) => `- ${f}`));
    else if (g.now.dirty.length) out.push('Uncommitted:', ...g.now.dirty.slice(0, 20).map((f) => `- ${f}`));
  }
  const left = Object.entries(p.omitted).filter(([, n]) => n > 0);
  if (left.length) out.push('', `(left out: ${left.map(([k, n]) => `${n} ${k.replace('_', ' ')}`).join(', ')}; the listing commands show everything)`);
  return `${out.join('\n')}\n`;
}

const render = (p: Primer, format: PrimerFormat): string => (format === 'json' ? `${JSON.stringify(p, null, 2)}\n` : primerMarkdown(p));

/** Drops the oldest detail first until the rendering fits `budget` tokens; goal and current step stay. */
export function fitToBudget(p: Primer, format: PrimerFormat, budget: number): Primer {
  const maxChars = Math.max(0, Math.floor(budget)) * 4;
  const fitted: Primer = {
    ...p,
    decisions: [...p.decisions],
    open_assumptions: [...p.open_assumptions],
    learnings: [...p.learnings],
    artifacts: [...p.artifacts],
    next_steps: [...p.next_steps],
    omitted: { ...p.omitted },
  };
  const dropOne = (key: 'decisions' | 'open_assumptions' | 'learnings' | 'artifacts' | 'next_steps'): void => {
    (fitted[key] as unknown[]).pop();
    fitted.omitted[key] = (fitted.omitted[key] ?? 0) + 1;
  };
  const timed: { key: 'decisions' | 'open_assumptions' | 'learnings' | 'artifacts'; at: string }[] = [
    ...p.decisions.map((d) => ({ key: 'decisions' as const, at: d.created_at })),
    ...p.open_assumptions.map((a) => ({ key: 'open_assumptions' as const, at: a.created_at })),
    ...p.learnings.map((l) => ({ key: 'learnings' as const, at: l.created_at })),
    ...p.artifacts.map((a) => ({ key: 'artifacts' as const, at: a.added_at })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const steps: (() => void)[] = [
    ...timed.map((item) => () => dropOne(item.key)),
    () => {
      if (fitted.git) fitted.git = { ...fitted.git, commits: [], changed_files: [] };
    },
    ...p.next_steps.map(() => () => dropOne('next_steps')),
    () => {
      fitted.git = null;
    },
    () => {
      fitted.last_checkpoint = null;
    },
  ];
  for (const step of steps) {
    if (render(fitted, format).length <= maxChars) break;
    step();
  }
  return fitted;
}

/** The primer of one track as text in the chosen format. */
export function renderContext(reader: DocumentReader, trackId: string, options: PrimerOptions = {}): string {
  const format = options.format ?? 'md';
  let primer = buildPrimer(reader, trackId, options.git ?? null);
  if (options.budget !== undefined) primer = fitToBudget(primer, format, options.budget);
  return render(primer, format);
}
