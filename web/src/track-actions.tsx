/** What the track page can do, by the track's status and its lane; every action goes through the API's use cases. */
import { useState } from 'preact/hooks';
import type { Track } from '../../src/core/schema.js';
import type { LanesView } from '../../src/faces/http/api.js';
import { type ActionState, useAction } from './action.js';
import { ActionResult } from './action-result.js';
import { TextField } from './text-field.js';

function Button({ action, label, state, onClick }: { action: string; label: string; state: ActionState; onClick: () => void }) {
  return (
    <button type="button" data-action={action} disabled={state.busy} onClick={onClick}>
      {label}
    </button>
  );
}

/** Where the track stands among the lanes: the lane it is active in (null: none), and the other track active in this server's lane. */
export function laneFacts(track: Track, lanes: LanesView | null): { activeIn: string | null; elsewhere: boolean; otherHere: string | null } {
  const here = lanes?.lanes.find((l) => l.current);
  const activeIn = lanes?.lanes.find((l) => l.active_track_id === track.track_id)?.lane ?? null;
  const otherHere = here?.active_track_id && here.active_track_id !== track.track_id ? here.active_track_id : null;
  return { activeIn, elsewhere: activeIn !== null && here !== undefined && activeIn !== here.lane, otherHere };
}

/**
 * Only what can succeed: with another track active in this lane, a draft, ready or paused track
 * offers Switch (Activate or Resume would be refused); a track active in another lane keeps Pause
 * and Complete (the CLI allows them from any lane) with a line saying where they act.
 */
export function StatusActions({ track, lanes, reload }: { track: Track; lanes: LanesView | null; reload: () => void }) {
  const state = useAction(reload);
  const id = track.track_id;
  const { activeIn, elsewhere, otherHere } = laneFacts(track, lanes);
  const startable = track.status === 'draft' || track.status === 'ready';
  return (
    <div class="status-actions">
      {track.status === 'active' && elsewhere ? (
        <p class="lane-note" data-other-lane>
          Active in lane {activeIn} (another lane). Pause and Complete act on it there, as <code>track pause {id}</code> would: that lane is left with no active
          track.
        </p>
      ) : null}
      <div class="actions">
        {startable && !otherHere ? (
          <Button action="activate" label="Activate" state={state} onClick={() => state.run('activate', { track_id: id }, 'Activated.')} />
        ) : null}
        {otherHere && (startable || track.status === 'paused') ? (
          <Button
            action="switch"
            label={`Switch to this track (from ${otherHere})`}
            state={state}
            onClick={() => state.run('switch', { to: id }, 'Switched.')}
          />
        ) : null}
        {track.status === 'active' ? (
          <>
            <Button
              action="pause"
              label={elsewhere ? `Pause (in lane ${activeIn})` : 'Pause'}
              state={state}
              onClick={() => state.run('pause', { track_id: id }, 'Paused.')}
            />
            <Button
              action="complete"
              label={elsewhere ? `Complete (in lane ${activeIn})` : 'Complete'}
              state={state}
              onClick={() => state.run('complete', { track_id: id }, 'Completed.')}
            />
          </>
        ) : null}
        {track.status === 'paused' && !otherHere ? (
          <Button action="resume" label="Resume" state={state} onClick={() => state.run('resume', { track_id: id }, 'Resumed.')} />
        ) : null}
      </div>
      <ActionResult state={state} />
    </div>
  );
}

export function CheckpointForm({ trackId, reload }: { trackId: string; reload: () => void }) {
  const state = useAction(reload);
  const [reason, setReason] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = reason.trim() ? { track_id: trackId, reason: reason.trim() } : { track_id: trackId };
    if (await state.run('checkpoint', input, 'Checkpoint taken.')) setReason('');
  };
  return (
    <>
      <form class="inline-form" onSubmit={submit}>
        <TextField id="checkpoint-reason" label="Checkpoint reason (optional)" value={reason} onInput={setReason} />
        <button type="submit" data-action="checkpoint" disabled={state.busy}>
          Checkpoint
        </button>
      </form>
      <ActionResult state={state} />
    </>
  );
}

export function DecisionForm({ trackId, reload }: { trackId: string; reload: () => void }) {
  const state = useAction(reload);
  const [title, setTitle] = useState('');
  const [rationale, setRationale] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = rationale.trim() ? { track_id: trackId, title: title.trim(), rationale: rationale.trim() } : { track_id: trackId, title: title.trim() };
    if (await state.run('decide', input, 'Decision recorded.')) {
      setTitle('');
      setRationale('');
    }
  };
  return (
    <>
      <form class="inline-form" onSubmit={submit}>
        <TextField id="decision-title" label="Decision" required value={title} onInput={setTitle} />
        <TextField id="decision-rationale" label="Rationale" wide value={rationale} onInput={setRationale} />
        <button type="submit" data-action="decide" disabled={state.busy}>
          Add decision
        </button>
      </form>
      <ActionResult state={state} />
    </>
  );
}
