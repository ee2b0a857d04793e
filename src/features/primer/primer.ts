/**
 * The one primer path: `track context`, the SessionStart hook and the MCP `context` tool and
 * resource all come here. With no track active (and none given) it primes the session with the
 * paused tracks and how to resume one, instead of failing.
 */
import { ValidationError } from '../../core/errors.js';
import { type Face, isMcp, say } from '../../core/face-commands.js';
import { cmd, hint } from '../../core/hint.js';
import { isPrimerBudget, PRIMER_BUDGET } from '../../core/inputs.js';
import type { StorePort } from '../../store/port.js';
import { gitChangesSince, mayBeRepository } from '../checkpoints/git-state.js';
import { targetTrackId } from '../tracks/bound-track.js';
import type { TrackTarget } from '../tracks/track-inputs.js';
import { lastCheckpointHeader } from './primer-data.js';
import { buildIdlePrimer, type IdlePrimer, idleMarkdown } from './primer-idle.js';
import { buildPrimer, hardCap, type Primer, type PrimerFormat, renderContext } from './primer-text.js';

export interface TrackContextInput extends TrackTarget {
  format?: PrimerFormat | undefined;
  budget?: number | undefined;
  /** Include what changed in git since the last checkpoint (runs git, outside any lock). Default true. */
  git?: boolean | undefined;
  /** Whose terms the commands in the primer use: `track` command lines (default) or MCP tool calls. */
  face?: Face | undefined;
  /** Never exceed the budget (Markdown only): cut at a line, saying where the rest is. For hooks and MCP hosts. */
  strict?: boolean | undefined;
}

export interface ContextView {
  /** The track primed; null when none is active and none was given (the text then names the paused tracks). */
  track_id: string | null;
  /** With no track: how many tracks are paused. */
  paused_total: number;
  text: string;
}

function checkInput(input: TrackContextInput): void {
  const { budget, format } = input;
  if (budget !== undefined && !isPrimerBudget(budget)) {
    throw new ValidationError(
      `invalid --budget '${String(budget).slice(0, 20)}': a whole number of tokens from ${PRIMER_BUDGET.min} to ${PRIMER_BUDGET.max}`,
      hint`${cmd('context', { budget: 2000 })}`,
    );
  }
  if (format !== undefined && format !== 'md' && format !== 'json') {
    throw new ValidationError(`invalid --format '${String(format).slice(0, 20)}': md or json`, hint`${cmd('context', { format: 'md' })}`);
  }
}

/**
 * The track to prime (validated to exist), or null when none is active and none was given; with
 * `git`, also the commit to compare git from: the last checkpoint's HEAD, if it recorded one (read
 * from that checkpoint alone). One read, and no checkpoint read outside a repository.
 */
function targetOf(store: StorePort, input: TrackContextInput): Promise<{ trackId: string; since: string | null } | null> {
  const git = input.git !== false && mayBeRepository(store.projectDir);
  return store.read(async (reader) => {
    const id = await targetTrackId(reader, input.track_id);
    if (id === null) return null;
    const trackId = (await reader.getTrack(id)).track_id;
    if (!git) return { trackId, since: null };
    const head = ((await lastCheckpointHeader(reader, trackId))?.git as { head?: unknown } | undefined)?.head;
    return { trackId, since: typeof head === 'string' ? head : null };
  });
}

/** What changed in git since `since`, run outside any read (null when not asked for). */
const gitOf = (store: StorePort, input: TrackContextInput, since: string | null) => (input.git === false ? null : gitChangesSince(store.projectDir, since));

/** The primer of a track (default: the active one), or of the idle store, as text. */
export async function contextView(store: StorePort, input: TrackContextInput = {}): Promise<ContextView> {
  checkInput(input);
  const format = input.format ?? 'md';
  const face = input.face ?? 'cli';
  const cap = (text: string, rest: string) => (input.strict && input.budget !== undefined && format === 'md' ? hardCap(text, input.budget, rest) : text);
  const target = await targetOf(store, input);
  if (target === null) {
    return store.read(async (reader) => {
      const idle = await buildIdlePrimer(reader, face);
      const text = format === 'json' ? `${JSON.stringify(idle, null, 2)}\n` : idleMarkdown(idle, face);
      return { track_id: null, paused_total: idle.paused_total, text: cap(text, say(face, 'list', { status: ['paused'] })) };
    });
  }
  const { trackId, since } = target;
  const git = gitOf(store, input, since);
  const whole = say(face, 'context', isMcp(face) ? { track_id: trackId, budget: PRIMER_BUDGET.max } : { track_id: trackId });
  return store.read(async (reader) => ({
    track_id: trackId,
    paused_total: 0,
    text: cap(await renderContext(reader, trackId, { format, budget: input.budget, git, face }), whole),
  }));
}

/** The fresh-session primer of a track (default: the active one) as text. */
export async function trackContext(store: StorePort, input: TrackContextInput = {}): Promise<string> {
  return (await contextView(store, input)).text;
}

/** The primer as data (what `--format json` prints), unbounded; the idle primer when no track is active. */
export async function trackPrimer(store: StorePort, input: TrackContextInput = {}): Promise<Primer | IdlePrimer> {
  const target = await targetOf(store, input);
  if (target === null) return store.read((reader) => buildIdlePrimer(reader, input.face));
  const git = gitOf(store, input, target.since);
  return store.read((reader) => buildPrimer(reader, target.trackId, git, input.face));
}
