import type { BoardCard } from '../../src/faces/http/api.js';
import { trackHref } from './router.js';

export function Card({ card, names }: { card: BoardCard; names: Map<string, string> }) {
  const { progress } = card;
  return (
    <article class="card" data-track-id={card.track_id} tabindex={0} data-priority={card.priority}>
      <a class="card-name" href={trackHref(card.track_id)} tabindex={-1}>
        {card.name}
      </a>
      <p class="card-meta">
        <span class="badge">{card.type}</span> <span class={`badge prio-${card.priority}`}>{card.priority}</span>
        {card.column === 'done' ? <span class="badge">{card.status}</span> : null}
      </p>
      {progress && progress.total_steps > 0 ? (
        <p class="card-progress">
          <progress max={100} value={progress.percentage} aria-label={`${card.name}: ${progress.completed_steps} of ${progress.total_steps} steps done`} />
          <span class="muted">
            {progress.completed_steps}/{progress.total_steps}
          </span>
        </p>
      ) : null}
      {card.current_step ? (
        <p class="card-line">
          <span class="muted">Step:</span> {card.current_step.name} <span class="muted">({card.current_step.status})</span>
        </p>
      ) : null}
      {card.lane || card.branch ? (
        <p class="card-line">
          {card.lane ? (
            <>
              <span class="muted">Lane:</span> {card.lane}{' '}
            </>
          ) : null}
          {card.branch ? (
            <>
              <span class="muted">Branch:</span> <code>{card.branch}</code>
            </>
          ) : null}
        </p>
      ) : null}
      {card.blocked_by.length > 0 ? (
        <p class="card-line">
          <span class="muted">Blocked by:</span> {card.blocked_by.map((id) => (names.has(id) ? `${names.get(id)} (${id})` : id)).join(', ')}
        </p>
      ) : null}
      {card.tags.length > 0 ? (
        <ul class="tags" aria-label="Tags">
          {card.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
