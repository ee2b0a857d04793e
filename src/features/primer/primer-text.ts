/**
 * The fresh-session primer rendered as Markdown or JSON, optionally bounded to a token budget
 * (estimated as characters / 4). Pure over a reader; the data comes from `primer-data.ts`.
 */

import { compareCodePoints } from '../../core/compare.js';
import type { StoreReader } from '../../store/port.js';
import { buildPrimer, type DoneStep, type Primer, type PrimerClaim, type PrimerFormat, type PrimerOptions, type PrimerStep } from './primer-data.js';

export {
  buildPrimer,
  type DoneStep,
  type Primer,
  type PrimerClaim,
  type PrimerFormat,
  type PrimerOptions,
  type PrimerStep,
} from './primer-data.js';

const ONE_LINE = (s: string, max = 400) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function failureLines(f: NonNullable<PrimerStep['failure']>): string[] {
  const lines = f.error ? [`Failed${f.run_id ? ` in ${f.run_id}` : ''}: ${ONE_LINE(f.error)}`] : [];
  if (f.notes && f.notes !== f.error) lines.push(`Failure notes: ${ONE_LINE(f.notes)}`);
  return lines;
}

function claimLines(c: PrimerClaim): string[] {
  if (!c.handed_out) return [`Being executed by ${c.holder} since ${c.claimed_at} ('next' runs it; wait for it to finish).`];
  return [`Claimed by ${c.holder} since ${c.claimed_at}.`, `When done: ${c.complete} (outputs and notes are optional).`, `To give it back: ${c.release}.`];
}

/** As `next` prints it: the value resolved from an earlier step's output, and where it comes from. */
function inputLine(i: NonNullable<PrimerStep['inputs']>[number]): string {
  return `- ${i.name} = ${i.value === null ? '(not available yet)' : ONE_LINE(i.value)}${i.from_step ? ` (from ${i.from_step}.${i.output})` : ''}`;
}

function doneLine(d: DoneStep): string {
  let line = `- ${d.step_id} — ${ONE_LINE(d.name, 120)} (${d.status}${d.completed_at ? ` ${d.completed_at}` : ''})`;
  const outputs = Object.entries(d.outputs ?? {});
  if (outputs.length) line += `; outputs: ${outputs.map(([k, v]) => `${k}=${ONE_LINE(v, 200)}`).join(', ')}`;
  if (d.notes) line += `; notes: ${ONE_LINE(d.notes, 300)}`;
  return line;
}

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
    if (s.task) {
      out.push(`Waiting at task: ${s.task.name}${s.task.agent ? ` (agent: ${s.task.agent})` : ''}`);
      if (s.task.instructions) out.push('Task instructions:', s.task.instructions);
    }
    if (s.inputs?.length) out.push('Inputs:', ...s.inputs.map(inputLine));
    if (s.action.agent) out.push(`Agent: ${s.action.agent}`);
    if (s.action.path) out.push(`Path: ${s.action.path}`);
    if (s.action.approvers?.length) out.push(`Approvers: ${s.action.approvers.join(', ')}`);
    if (s.success_criteria?.length) out.push('Done when:', ...s.success_criteria.map((c) => `- ${c}`));
    if (s.claim) out.push('', ...claimLines(s.claim));
    if (s.failure) out.push('', ...failureLines(s.failure));
  }
  if (p.next_steps.length) out.push('', '## Next steps', ...p.next_steps.map((n, i) => `${i + 1}. ${n.step_id} — ${n.name} (${n.type}, ${n.status})`));
  if (p.done_steps.length) out.push('', '## Done steps (newest first)', ...p.done_steps.map(doneLine));
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

type Droppable = 'decisions' | 'open_assumptions' | 'learnings' | 'artifacts' | 'next_steps' | 'done_steps';

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
    done_steps: [...p.done_steps],
    omitted: { ...p.omitted },
  };
  const dropOne = (key: Droppable): void => {
    (fitted[key] as unknown[]).pop();
    fitted.omitted[key] = (fitted.omitted[key] ?? 0) + 1;
  };
  const timed: { key: Exclude<Droppable, 'next_steps'>; at: string }[] = [
    ...p.decisions.map((d) => ({ key: 'decisions' as const, at: d.created_at })),
    ...p.done_steps.map((d) => ({ key: 'done_steps' as const, at: d.completed_at ?? '' })),
    ...p.open_assumptions.map((a) => ({ key: 'open_assumptions' as const, at: a.created_at })),
    ...p.learnings.map((l) => ({ key: 'learnings' as const, at: l.created_at })),
    ...p.artifacts.map((a) => ({ key: 'artifacts' as const, at: a.added_at })),
  ].sort((a, b) => compareCodePoints(a.at, b.at));
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
export async function renderContext(reader: StoreReader, trackId: string, options: PrimerOptions = {}): Promise<string> {
  const format = options.format ?? 'md';
  let primer = await buildPrimer(reader, trackId, options.git ?? null, options.face);
  if (options.budget !== undefined) primer = fitToBudget(primer, format, options.budget);
  return render(primer, format);
}

/**
 * `renderContext` keeps the goal and current step whole even past the budget; a session hook or
 * an MCP host must not get more, so whatever still exceeds it is cut at a line break, saying
 * where the rest is (`rest`: e.g. "run `track context --track-id …`").
 */
export function hardCap(text: string, budget: number, rest: string): string {
  const maxChars = Math.max(0, Math.floor(budget * 4));
  if (text.length <= maxChars) return text;
  const note = `\n… (cut to ${budget} tokens; ${rest} for the rest)`;
  const room = Math.max(0, maxChars - note.length);
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}
