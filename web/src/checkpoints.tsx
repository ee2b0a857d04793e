/** Checkpoints as a timeline: what changed between two of them, and restore behind a confirmation. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CheckpointDiff, CheckpointEntry } from '../../src/faces/http/api.js';
import { type ActionState, useAction } from './action.js';
import { ActionResult } from './action-result.js';
import { ErrorAlert } from './alert.js';
import { type ApiFailure, api, asFailure } from './api.js';
import { ColumnHeads } from './column-heads.js';
import { formatTime } from './format.js';

function Diff({ trackId, from, to }: { trackId: string; from: string; to: string }) {
  const [diff, setDiff] = useState<CheckpointDiff | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  useEffect(() => {
    let live = true;
    setDiff(null);
    setError(null);
    api.diff(trackId, from, to).then(
      (d) => live && setDiff(d),
      (e: unknown) => live && setError(asFailure(e)),
    );
    return () => {
      live = false;
    };
  }, [trackId, from, to]);
  if (error) return <ErrorAlert error={error} />;
  if (!diff) return <p class="muted">Comparing…</p>;
  if (diff.changes.length === 0)
    return (
      <p>
        No differences between {from} and {to}.
      </p>
    );
  return (
    <table class="diff">
      <caption>
        Changes from {diff.from} to {diff.to}
      </caption>
      <ColumnHeads names={['What', 'Before', 'After']} />
      <tbody>
        {diff.changes.map((c, i) => (
          <tr key={i}>
            <td>{c.what}</td>
            <td class="pre">{c.before ?? '—'}</td>
            <td class="pre">{c.after ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConfirmRestore({ trackId, entry, state, onClose }: { trackId: string; entry: CheckpointEntry; state: ActionState; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const yes = async () => {
    await state.run('restore', { track_id: trackId, checkpoint_id: entry.checkpoint_id }, `Restored ${entry.checkpoint_id}.`);
    onClose();
  };
  return (
    <dialog ref={ref} data-confirm aria-labelledby="confirm-h" onClose={onClose}>
      <h2 id="confirm-h">Restore {entry.checkpoint_id}?</h2>
      <p>
        The track goes back to how it was on {formatTime(entry.created_at)} ({entry.status}, {entry.percentage ?? 0}%). Its current state is kept in a
        pre-restore checkpoint.
      </p>
      <div class="actions">
        <button type="button" data-confirm-yes disabled={state.busy} onClick={yes}>
          Restore
        </button>
        <button type="button" onClick={() => ref.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/** Oldest first; a damaged checkpoint whose time cannot be read goes last. */
function byTime(a: CheckpointEntry, b: CheckpointEntry): number {
  if (a.created_at && b.created_at) return a.created_at.localeCompare(b.created_at) || a.checkpoint_id.localeCompare(b.checkpoint_id);
  return a.created_at ? -1 : b.created_at ? 1 : a.checkpoint_id.localeCompare(b.checkpoint_id);
}

function Pick({
  id,
  label,
  value,
  entries,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  entries: CheckpointEntry[];
  onChange: (v: string) => void;
}) {
  return (
    <span class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {entries.map((c) => (
          <option key={c.checkpoint_id} value={c.checkpoint_id}>
            {c.checkpoint_id} ({c.kind ?? 'damaged'})
          </option>
        ))}
      </select>
    </span>
  );
}

export function Checkpoints({ trackId, entries, reload }: { trackId: string; entries: CheckpointEntry[]; reload: () => void }) {
  const state = useAction(reload);
  const ordered = [...entries].sort(byTime);
  const last = ordered[ordered.length - 1]?.checkpoint_id ?? '';
  const before = ordered[ordered.length - 2]?.checkpoint_id ?? last;
  // A pick holds for the list it was made on: a new checkpoint (or a restore's) compares the newest two again.
  const list = ordered.map((c) => c.checkpoint_id).join(' ');
  const [pick, setPick] = useState({ list, from: before, to: last });
  const [confirming, setConfirming] = useState<CheckpointEntry | null>(null);
  const current = pick.list === list ? pick : { list, from: before, to: last };
  const pickedFrom = current.from;
  const pickedTo = current.to;
  const setFrom = (from: string) => setPick({ ...current, from });
  const setTo = (to: string) => setPick({ ...current, to });
  if (ordered.length === 0) return <p class="muted">No checkpoints yet.</p>;
  return (
    <>
      <ol class="timeline">
        {ordered.map((c) => (
          <li key={c.checkpoint_id}>
            {c.created_at ? <time dateTime={c.created_at}>{formatTime(c.created_at)}</time> : <span class="muted">unknown time</span>}{' '}
            <code>{c.checkpoint_id}</code> {c.kind ? <span class="badge">{c.kind}</span> : null} {c.status ?? ''}
            {c.percentage === null ? '' : `, ${c.percentage}%`}
            {c.reason ? <> · {c.reason}</> : null}
            {c.intact ? null : <span class="badge warn"> damaged (checksum mismatch)</span>}{' '}
            <button type="button" data-action="restore" disabled={!c.intact || state.busy} onClick={() => setConfirming(c)}>
              Restore…
            </button>
          </li>
        ))}
      </ol>
      <ActionResult state={state} />
      {ordered.length > 1 ? (
        <div class="compare">
          <h3>Compare two checkpoints</h3>
          <div class="inline-form">
            <Pick id="diff-from" label="From" value={pickedFrom} entries={ordered} onChange={setFrom} />
            <Pick id="diff-to" label="To" value={pickedTo} entries={ordered} onChange={setTo} />
          </div>
          {pickedFrom === pickedTo ? <p class="muted">Pick two different checkpoints.</p> : <Diff trackId={trackId} from={pickedFrom} to={pickedTo} />}
        </div>
      ) : null}
      {confirming ? <ConfirmRestore trackId={trackId} entry={confirming} state={state} onClose={() => setConfirming(null)} /> : null}
    </>
  );
}
