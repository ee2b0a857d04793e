/** The track's context (decisions, assumptions, learnings, artifacts) and its status history. */
import type { HistoryEntry } from '../../src/core/schema.js';
import type { TrackView } from '../../src/faces/http/api.js';
import { ColumnHeads } from './column-heads.js';
import { formatTime } from './format.js';

function When({ at }: { at: string }) {
  return (
    <time class="muted" dateTime={at}>
      {formatTime(at)}
    </time>
  );
}

function Empty({ what }: { what: string }) {
  return <p class="muted">No {what}.</p>;
}

export function ContextLists({ view }: { view: TrackView }) {
  return (
    <div class="context-grid">
      <section aria-labelledby="decisions-h">
        <h2 id="decisions-h">Decisions</h2>
        {view.decisions.length === 0 ? (
          <Empty what="decisions" />
        ) : (
          <ul class="items">
            {view.decisions.map((d) => (
              <li key={d.id}>
                <strong>{d.title}</strong> {d.status === 'superseded' ? <span class="badge">superseded</span> : null} <When at={d.created_at} />
                {d.rationale ? <p class="pre">{d.rationale}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="assumptions-h">
        <h2 id="assumptions-h">Assumptions</h2>
        {view.assumptions.length === 0 ? (
          <Empty what="assumptions" />
        ) : (
          <ul class="items">
            {view.assumptions.map((a) => (
              <li key={a.id}>
                <span class={`badge asm-${a.status}`}>{a.status}</span> {a.text} <When at={a.created_at} />
                {a.evidence ? <p class="pre">{a.evidence}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="learnings-h">
        <h2 id="learnings-h">Learnings</h2>
        {view.learnings.length === 0 ? (
          <Empty what="learnings" />
        ) : (
          <ul class="items">
            {view.learnings.map((l) => (
              <li key={l.id}>
                <span class="pre">{l.text}</span> <When at={l.created_at} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="artifacts-h">
        <h2 id="artifacts-h">Artifacts</h2>
        {view.artifacts.length === 0 ? (
          <Empty what="artifacts" />
        ) : (
          <ul class="items">
            {view.artifacts.map((a) => (
              <li key={a.name}>
                <code>{a.name}</code> <span class="muted">{a.size} bytes</span>
                {a.source ? <span class="muted"> from {a.source}</span> : null} <When at={a.added_at} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The newest entries shown: a long-lived track's history can hold thousands. */
const HISTORY_SHOWN = 200;

export function StatusHistory({ history }: { history: HistoryEntry[] }) {
  const newest = history.slice(-HISTORY_SHOWN).reverse();
  return (
    <>
      <table>
        <caption class="sr-only">Status history</caption>
        <ColumnHeads names={['From', 'To', 'At', 'Reason']} />
        <tbody>
          {newest.map((h, i) => (
            <tr key={history.length - i}>
              <td>{h.from ?? '—'}</td>
              <td>{h.to}</td>
              <td>
                <time dateTime={h.at}>{formatTime(h.at)}</time>
              </td>
              <td>{h.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.length > HISTORY_SHOWN ? <p class="muted">{history.length - HISTORY_SHOWN} earlier entries not shown.</p> : null}
    </>
  );
}
