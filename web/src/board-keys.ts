/**
 * Arrow keys move between cards (left/right between columns, up/down within one) and Enter opens
 * the focused card. It reads the rendered cards from the DOM: no per-card state to keep in step.
 */
import { trackHref } from './router.js';

const CARD = 'article[data-track-id]';

function cardsOf(column: Element): HTMLElement[] {
  return Array.from(column.querySelectorAll<HTMLElement>(CARD));
}

export function onBoardKeyDown(event: KeyboardEvent): void {
  const card = (event.target as Element | null)?.closest?.(CARD) as HTMLElement | null;
  if (!card || event.target !== card) return;
  if (event.key === 'Enter') {
    const id = card.dataset.trackId;
    if (id) location.hash = trackHref(id);
    event.preventDefault();
    return;
  }
  const column = card.closest('[data-column]');
  const board = card.closest('[data-board]');
  if (!column || !board) return;
  const inColumn = cardsOf(column);
  const index = inColumn.indexOf(card);
  let target: HTMLElement | undefined;
  if (event.key === 'ArrowUp') target = inColumn[index - 1];
  else if (event.key === 'ArrowDown') target = inColumn[index + 1];
  else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
    const columns = Array.from(board.querySelectorAll('[data-column]')).filter((c) => c.querySelector(CARD));
    const step = event.key === 'ArrowLeft' ? -1 : 1;
    const next = columns[columns.indexOf(column) + step];
    if (next) {
      const cards = cardsOf(next);
      target = cards[Math.min(index, cards.length - 1)];
    }
  } else return;
  event.preventDefault();
  target?.focus();
}
