/** Who is on what: every lane, its track and step, its checkout, and whether it has gone stale. */
import type { LanesView } from '../../src/faces/http/api.js';
import { Loaded } from './alert.js';
import { api } from './api.js';
import { ColumnHeads } from './column-heads.js';
import { formatDuration, formatTime, relativeTime } from './format.js';
import { trackHref } from './router.js';

type LaneRow = LanesView['lanes'][number];

function Stale({ lane }: { lane: LaneRow }) {
  if (lane.stale === 'gone') return <span class="badge warn">stale: worktree gone</span>;
  if (lane.stale === 'idle') return <span class="badge warn">stale: idle</span>;
  return <span class="muted">no</span>;
}

function Lanes({ view }: { view: LanesView }) {
  const now = Date.now();
  return (
    <div data-view="lanes">
      <div class="view-head">
        <h1>Lanes</h1>
        <p class="muted">A lane idle for more than {formatDuration(view.stale_after_ms)} is stale.</p>
      </div>
      <div class="table-scroll">
        <table>
          <caption>Lanes and what they hold</caption>
          <ColumnHeads names={['Lane', 'Track', 'Current step', 'Progress', 'Worktree', 'Branch', 'Last activity', 'Stale']} />
          <tbody>
            {view.lanes.map((lane) => (
              <tr key={`${lane.clone ?? ''}/${lane.lane}`} data-lane-row={lane.lane}>
                <td>
                  {lane.lane}
                  {lane.current ? <span class="muted"> (this lane)</span> : null}
                  {lane.clone ? <span class="muted"> (clone {lane.clone})</span> : null}
                </td>
                <td>
                  {lane.active_track_id ? (
                    <>
                      <a href={trackHref(lane.active_track_id)}>{lane.track_name ?? lane.active_track_id}</a> <code class="muted">{lane.active_track_id}</code>
                    </>
                  ) : (
                    <span class="muted">none</span>
                  )}
                </td>
                <td>{lane.current_step_id ?? '—'}</td>
                <td>{lane.progress ? `${lane.progress.completed_steps}/${lane.progress.total_steps}` : '—'}</td>
                <td class="path">{lane.worktree ?? '—'}</td>
                <td>{lane.branch ? <code>{lane.branch}</code> : '—'}</td>
                <td>
                  {lane.last_activity ? (
                    <time dateTime={lane.last_activity} title={formatTime(lane.last_activity)}>
                      {relativeTime(lane.last_activity, now)}
                    </time>
                  ) : (
                    'never'
                  )}
                </td>
                <td>
                  <Stale lane={lane} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function LanesPage() {
  return <Loaded name="lanes" load={api.lanes} what="the lanes" render={(view) => <Lanes view={view} />} />;
}
