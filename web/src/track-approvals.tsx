/** The approval steps still waiting: a form for each while the track is active (approving needs it active). */
import { useState } from 'preact/hooks';
import type { Step, Track } from '../../src/core/schema.js';
import { useAction } from './action.js';
import { ActionResult } from './action-result.js';
import { TextField } from './text-field.js';

function ApproveForm({ trackId, step, reload }: { trackId: string; step: Step; reload: () => void }) {
  const state = useAction(reload);
  const [agent, setAgent] = useState(step.action.approvers?.[0] ?? '');
  const inputId = `approve-as-${step.step_id}`;
  const submit = (event: Event) => {
    event.preventDefault();
    const input = agent.trim() ? { track_id: trackId, step_id: step.step_id, agent: agent.trim() } : { track_id: trackId, step_id: step.step_id };
    void state.run('step_approve', input, `Approved ${step.name}.`);
  };
  return (
    <div class="approval">
      <form class="inline-form" onSubmit={submit}>
        <span class="field-text">
          {step.name} <span class="muted">({step.status})</span>
        </span>
        <TextField
          id={inputId}
          label="Approve as (empty: the user running track ui)"
          value={agent}
          placeholder="$TRACK_AGENT, else the user running track ui"
          onInput={setAgent}
        />
        <button type="submit" data-action="approve" disabled={state.busy}>
          Approve
        </button>
      </form>
      <ActionResult state={state} />
    </div>
  );
}

export function Approvals({ track, reload }: { track: Track; reload: () => void }) {
  const waiting = track.steps.filter((s) => s.action.type === 'approval' && s.status !== 'completed');
  if (waiting.length === 0) return null;
  return (
    <section aria-labelledby="approvals-h">
      <h2 id="approvals-h">Approvals</h2>
      {track.status === 'active' ? (
        waiting.map((step) => <ApproveForm key={step.step_id} trackId={track.track_id} step={step} reload={reload} />)
      ) : (
        <p class="muted" data-approvals-waiting>
          Waiting for approval: {waiting.map((s) => s.name).join(', ')}. Approving needs the track to be active.
        </p>
      )}
    </section>
  );
}
