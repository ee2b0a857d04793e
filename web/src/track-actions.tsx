/** What the track page can do, by the track's status; every action goes through the API's use cases. */
import { useState } from 'preact/hooks';
import type { Step, Track } from '../../src/core/schema.js';
import type { LanesView } from '../../src/faces/http/api.js';
import type { ActionState } from './action.js';

function Button({ action, label, state, onClick }: { action: string; label: string; state: ActionState; onClick: () => void }) {
  return (
    <button type="button" data-action={action} disabled={state.busy} onClick={onClick}>
      {label}
    </button>
  );
}

export function StatusActions({ track, lanes, state }: { track: Track; lanes: LanesView | null; state: ActionState }) {
  const id = track.track_id;
  const here = lanes?.lanes.find((l) => l.current);
  const other = here?.active_track_id && here.active_track_id !== id ? here.active_track_id : null;
  const open = track.status === 'draft' || track.status === 'ready' || track.status === 'paused';
  return (
    <div class="actions">
      {track.status === 'draft' || track.status === 'ready' ? (
        <Button action="activate" label="Activate" state={state} onClick={() => state.run('activate', { track_id: id }, 'Activated.')} />
      ) : null}
      {other && open ? (
        <Button action="switch" label={`Switch to this track (from ${other})`} state={state} onClick={() => state.run('switch', { to: id }, 'Switched.')} />
      ) : null}
      {track.status === 'active' ? (
        <>
          <Button action="pause" label="Pause" state={state} onClick={() => state.run('pause', { track_id: id }, 'Paused.')} />
          <Button action="complete" label="Complete" state={state} onClick={() => state.run('complete', { track_id: id }, 'Completed.')} />
        </>
      ) : null}
      {track.status === 'paused' ? (
        <Button action="resume" label="Resume" state={state} onClick={() => state.run('resume', { track_id: id }, 'Resumed.')} />
      ) : null}
    </div>
  );
}

export function CheckpointForm({ trackId, state }: { trackId: string; state: ActionState }) {
  const [reason, setReason] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = reason.trim() ? { track_id: trackId, reason: reason.trim() } : { track_id: trackId };
    if (await state.run('checkpoint', input, 'Checkpoint taken.')) setReason('');
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <span class="field">
        <label for="checkpoint-reason">Checkpoint reason (optional)</label>
        <input id="checkpoint-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </span>
      <button type="submit" data-action="checkpoint" disabled={state.busy}>
        Checkpoint
      </button>
    </form>
  );
}

export function DecisionForm({ trackId, state }: { trackId: string; state: ActionState }) {
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
    <form class="inline-form" onSubmit={submit}>
      <span class="field">
        <label for="decision-title">Decision</label>
        <input id="decision-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </span>
      <span class="field wide">
        <label for="decision-rationale">Rationale</label>
        <input id="decision-rationale" value={rationale} onInput={(e) => setRationale(e.currentTarget.value)} />
      </span>
      <button type="submit" data-action="decide" disabled={state.busy}>
        Add decision
      </button>
    </form>
  );
}

function ApproveForm({ trackId, step, state }: { trackId: string; step: Step; state: ActionState }) {
  const [agent, setAgent] = useState(step.action.approvers?.[0] ?? '');
  const inputId = `approve-as-${step.step_id}`;
  const submit = (event: Event) => {
    event.preventDefault();
    const input = agent.trim() ? { track_id: trackId, step_id: step.step_id, agent: agent.trim() } : { track_id: trackId, step_id: step.step_id };
    void state.run('step_approve', input, `Approved ${step.name}.`);
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <span class="field-text">
        {step.name} <span class="muted">({step.status})</span>
      </span>
      <span class="field">
        <label for={inputId}>Approve as</label>
        <input id={inputId} value={agent} onInput={(e) => setAgent(e.currentTarget.value)} />
      </span>
      <button type="submit" data-action="approve" disabled={state.busy}>
        Approve
      </button>
    </form>
  );
}

export function Approvals({ track, state }: { track: Track; state: ActionState }) {
  const waiting = track.steps.filter((s) => s.action.type === 'approval' && s.status !== 'completed');
  if (waiting.length === 0) return null;
  return (
    <section aria-labelledby="approvals-h">
      <h2 id="approvals-h">Approvals</h2>
      {waiting.map((step) => (
        <ApproveForm key={step.step_id} trackId={track.track_id} step={step} state={state} />
      ))}
    </section>
  );
}
