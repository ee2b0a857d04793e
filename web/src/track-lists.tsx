/** The track's context (decisions, assumptions, learnings, artifacts) and its status history. */
import type { ComponentChildren } from 'preact';
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

/** One context list: its heading, then its items, or the words for none. */
function ListSection<T>(props: { id: string; title: string; items: T[]; keyOf: (item: T) => string; render: (item: T) => ComponentChildren }) {
  const { id, title, items, keyOf, render } = props;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {items.length === 0 ? (
        <Empty what={id} />
      ) : (
        <ul class="items">
          {items.map((item) => (
            <li key={keyOf(item)}>{render(item)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ContextLists({ view }: { view: TrackView }) {
  return (
    <div class="context-grid">
      <ListSection
        id="decisions"
        title="Decisions"
        items={view.decisions}
        keyOf={(d) => d.id}
        render={(d) => (
          <>
            <strong>{d.title}</strong> {d.status === 'superseded' ? <span class="badge">superseded</span> : null} <When at={d.created_at} />
            {d.rationale ? <p class="pre">{d.rationale}</p> : null}
          </>
        )}
      />
      <ListSection
        id="assumptions"
        title="Assumptions"
        items={view.assumptions}
        keyOf={(a) => a.id}
        render={(a) => (
          <>
            <span class={`badge asm-${a.status}`}>{a.status}</span> {a.text} <When at={a.created_at} />
            {a.evidence ? <p class="pre">{a.evidence}</p> : null}
          </>
        )}
      />
      <ListSection
        id="learnings"
        title="Learnings"
        items={view.learnings}
        keyOf={(l) => l.id}
        render={(l) => (
          <>
            <span class="pre">{l.text}</span> <When at={l.created_at} />
          </>
        )}
      />
      <ListSection
        id="artifacts"
        title="Artifacts"
        items={view.artifacts}
        keyOf={(a) => a.name}
        render={(a) => (
          <>
            <code>{a.name}</code> <span class="muted">{a.size} bytes</span>
            {a.source ? <span class="muted"> from {a.source}</span> : null} <When at={a.added_at} />
          </>
        )}
      />
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
