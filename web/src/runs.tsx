/** The track's runs, and the end of one run's log on demand. */
import { useState } from 'preact/hooks';
import type { Run } from '../../src/core/schema.js';
import type { RunLogView } from '../../src/faces/http/api.js';
import { ErrorAlert } from './alert.js';
import { type ApiFailure, api, asFailure } from './api.js';
import { ColumnHeads } from './column-heads.js';
import { formatTime } from './format.js';

export function Runs({ trackId, runs }: { trackId: string; runs: Run[] }) {
  const [log, setLog] = useState<RunLogView | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const open = async (run: string, stream: string) => {
    setError(null);
    try {
      setLog(await api.log(trackId, run, stream));
    } catch (e) {
      setLog(null);
      setError(asFailure(e));
    }
  };
  if (runs.length === 0) return <p class="muted">No runs yet.</p>;
  return (
    <>
      <table>
        <caption class="sr-only">Runs</caption>
        <ColumnHeads names={['Run', 'Step', 'Status', 'Started', 'Ended', 'Logs']} />
        <tbody>
          {runs.map((run) => (
            <tr key={run.run_id}>
              <td>
                <code>{run.run_id}</code>
              </td>
              <td>{run.step_id ?? '—'}</td>
              <td>
                <span class="status">{run.status}</span>
                {run.error ? <span class="muted"> {run.error}</span> : null}
              </td>
              <td>
                <time dateTime={run.started_at}>{formatTime(run.started_at)}</time>
              </td>
              <td>{run.ended_at ? <time dateTime={run.ended_at}>{formatTime(run.ended_at)}</time> : '—'}</td>
              <td>
                {run.logs.length === 0
                  ? '—'
                  : run.logs.map((stream) => (
                      <button key={stream} type="button" class="link" onClick={() => open(run.run_id, stream)}>
                        {stream}
                      </button>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorAlert error={error} />
      {log ? (
        <figure class="log">
          <figcaption>
            {log.run_id} · {log.stream} · {log.bytes} bytes{log.truncated ? ' (showing the end)' : ''}{' '}
            <button type="button" class="link" onClick={() => setLog(null)}>
              Close
            </button>
          </figcaption>
          <pre tabindex={0}>{log.text}</pre>
        </figure>
      ) : null}
    </>
  );
}
