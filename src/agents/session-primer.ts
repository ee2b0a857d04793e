import type { Step, Track } from '../domain/schema.js';
import type { TrackStore } from '../service/lifecycle.js';
import { getActiveTrack, showTrack } from '../service/queries.js';

export interface PrimerOptions {
  /** Upper bound in tokens (counted as characters / 4). */
  budget: number;
  /** A track other than the active one. */
  trackId?: string | undefined;
}

export const DEFAULT_PRIMER_BUDGET = 1500;
const UPCOMING_STEPS = 5;

const bullet = (items: readonly string[]): string[] => items.map((item) => `- ${item}`);

function stepLine(step: Step): string {
  return `${step.step_id} [${step.status}] ${step.name} (${step.action.type})`;
}

function currentStepLines(track: Track): string[] {
  const current = track.steps.find((s) => s.step_id === track.progress.current_step_id);
  if (!current) return track.steps.length ? ['All steps are done; complete the track when its success criteria hold.'] : ['No plan yet.'];
  const lines = [`## Current step`, stepLine(current)];
  if (current.description) lines.push(current.description);
  if (current.action.instructions) lines.push('', current.action.instructions);
  if (current.action.command) lines.push('', `Command: \`${current.action.command}\``);
  return lines;
}

/** Markdown a fresh agent session needs to pick the track up: goal, criteria, state, where the plan stands. */
function render(track: Track): string {
  const p = track.progress;
  const upcoming = [...track.steps]
    .sort((a, b) => a.order - b.order)
    .filter((s) => s.step_id !== p.current_step_id && (s.status === 'pending' || s.status === 'in-progress'))
    .slice(0, UPCOMING_STEPS);
  const lines = [
    `# ${track.status === 'active' ? 'Active track' : 'Track'}: ${track.name} (${track.track_id})`,
    `Status: ${track.status} · priority ${track.priority} · type ${track.type} · progress ${p.completed_steps}/${p.total_steps} steps (${p.percentage}%)`,
    '',
    '## Goal',
    track.context.goal,
  ];
  if (track.context.success_criteria.length) lines.push('', '## Success criteria', ...bullet(track.context.success_criteria));
  lines.push('', ...currentStepLines(track));
  if (upcoming.length) lines.push('', '## Next steps', ...bullet(upcoming.map(stepLine)));
  lines.push('', `Resume with \`track show ${track.track_id}\`; record progress through the track commands.`);
  return lines.join('\n');
}

/** Cuts text to `budget` tokens at a line break, saying so, so the agent knows more exists. */
function fitToBudget(text: string, budget: number, trackId: string): string {
  const maxChars = Math.max(0, Math.floor(budget * 4));
  if (text.length <= maxChars) return text;
  const note = `\n… (cut to ${budget} tokens; run \`track show ${trackId}\` for the rest)`;
  const room = Math.max(0, maxChars - note.length);
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > 0 ? cut : room)}${note}`;
}

/** The context primer of the active track (or `trackId`), or null when no track is active. */
export async function sessionPrimer(store: TrackStore, options: PrimerOptions): Promise<string | null> {
  const track = options.trackId ? await showTrack(store, options.trackId) : await getActiveTrack(store);
  return track ? fitToBudget(render(track), options.budget, track.track_id) : null;
}
