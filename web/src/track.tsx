/** One track: its summary and actions, the plan as a graph, runs, context, checkpoints and history. */
import type { LanesView, TrackView } from '../../src/faces/http/api.js';
import { Loaded } from './alert.js';
import { api } from './api.js';
import { Checkpoints } from './checkpoints.js';
import { PlanGraph, StepTable } from './graph.js';
import { trackHref } from './router.js';
import { Runs } from './runs.js';
import { CheckpointForm, DecisionForm, laneFacts, StatusActions } from './track-actions.js';
import { Approvals } from './track-approvals.js';
import { ContextLists, StatusHistory } from './track-lists.js';

interface TrackData {
  view: TrackView;
  lanes: LanesView | null;
  /** The names of the tracks blocking this one, by id (empty when the board could not be read). */
  names: Map<string, string>;
}

async function loadTrack(id: string): Promise<TrackData> {
  // The lanes tell whether another track is active in this lane (then the page offers a switch).
  const [view, lanes] = await Promise.all([api.track(id), api.lanes().catch(() => null)]);
  const names = new Map<string, string>();
  if (view.blocked_by.length > 0) {
    const board = await api.board().catch(() => null);
    for (const card of board?.tracks ?? []) if (view.blocked_by.includes(card.track_id)) names.set(card.track_id, card.name);
  }
  return { view, lanes, names };
}

function Summary({ view, lanes, names }: TrackData) {
  const { track } = view;
  return (
    <dl class="summary">
      <div>
        <dt>Status</dt>
        <dd>
          <span class={`status ts-${track.status}`}>{track.status}</span>
        </dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{track.type}</dd>
      </div>
      <div>
        <dt>Priority</dt>
        <dd>{track.priority}</dd>
      </div>
      <div>
        <dt>Lane</dt>
        <dd>{laneText(track, lanes)}</dd>
      </div>
      <div>
        <dt>Progress</dt>
        <dd>
          {track.progress.completed_steps}/{track.progress.total_steps} steps ({Math.round(track.progress.percentage)}%)
        </dd>
      </div>
      {view.blocked_by.length > 0 ? (
        <div>
          <dt>Blocked by</dt>
          <dd>
            <ul class="plain">
              {view.blocked_by.map((blocker) => (
                <li key={blocker}>
                  <a href={trackHref(blocker)}>{names.get(blocker) ?? blocker}</a> {names.has(blocker) ? <code>{blocker}</code> : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      ) : null}
      {track.tags.length > 0 ? (
        <div>
          <dt>Tags</dt>
          <dd>{track.tags.join(', ')}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function laneText(track: TrackView['track'], lanes: LanesView | null): string {
  const { activeIn, elsewhere } = laneFacts(track, lanes);
  if (activeIn !== null) return elsewhere ? `${activeIn} (another lane)` : `${activeIn} (this lane)`;
  return track.lane ?? (track.status === 'active' ? 'default' : '—');
}

function TrackDetail({ data, reload }: { data: TrackData; reload: () => void }) {
  const { view, lanes } = data;
  const { track } = view;
  return (
    <article data-view="track" class="track">
      <div class="view-head">
        <h1>{track.name}</h1>
        <p class="muted">
          <code>{track.track_id}</code>
        </p>
      </div>
      <Summary {...data} />
      <StatusActions track={track} lanes={lanes} reload={reload} />
      <section aria-labelledby="goal-h">
        <h2 id="goal-h">Goal</h2>
        <p class="pre">{track.context.goal}</p>
        {track.context.success_criteria.length > 0 ? (
          <>
            <h3>Success criteria</h3>
            <ul>
              {track.context.success_criteria.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="plan-h">
        <h2 id="plan-h">Plan</h2>
        {view.critical_path.length > 0 ? <p class="muted">Critical path: {view.critical_path.join(' → ')}</p> : null}
        <PlanGraph steps={track.steps} critical={view.critical_path} />
        {track.steps.length > 0 ? (
          <details class="step-table">
            <summary>Steps as a table</summary>
            <StepTable steps={track.steps} critical={view.critical_path} />
          </details>
        ) : null}
      </section>
      <Approvals track={track} reload={reload} />
      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Runs</h2>
        <Runs trackId={track.track_id} runs={view.runs} />
      </section>
      <section aria-labelledby="record-h">
        <h2 id="record-h">Record</h2>
        <CheckpointForm trackId={track.track_id} reload={reload} />
        <DecisionForm trackId={track.track_id} reload={reload} />
      </section>
      <ContextLists view={view} />
      <section aria-labelledby="checkpoints-h">
        <h2 id="checkpoints-h">Checkpoints</h2>
        <Checkpoints trackId={track.track_id} entries={view.checkpoints} reload={reload} />
      </section>
      <section aria-labelledby="history-h">
        <h2 id="history-h">Status history</h2>
        <StatusHistory history={track.status_history} />
      </section>
    </article>
  );
}

export function TrackPage({ id }: { id: string }) {
  return <Loaded name={`track:${id}`} load={() => loadTrack(id)} what="the track" render={(data, { reload }) => <TrackDetail data={data} reload={reload} />} />;
}
