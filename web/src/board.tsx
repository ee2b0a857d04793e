/** The board: one column per stage, Active grouped by lane, filters, and keyboard navigation. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { BoardCard, BoardColumn, BoardView } from '../../src/faces/http/api.js';
import { Loaded } from './alert.js';
import { api } from './api.js';
import { Card } from './board-card.js';
import { FilterBar, type Filters, matches, NO_FILTERS } from './board-filters.js';
import { onBoardKeyDown } from './board-keys.js';
import { takeLastTrack } from './router.js';

const COLUMNS: Array<{ id: BoardColumn; title: string }> = [
  { id: 'draft', title: 'Draft' },
  { id: 'ready', title: 'Ready' },
  { id: 'blocked', title: 'Blocked' },
  { id: 'active', title: 'Active' },
  { id: 'paused', title: 'Paused' },
  { id: 'done', title: 'Done' },
];
/** Cards a column renders before its "show all" button: the Done column can hold thousands. */
const PAGE = 100;
const NO_LANE = '';

const PRIORITY_RANK: Record<string, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };
function byPriorityThenRecent(a: BoardCard, b: BoardCard): number {
  return (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) || b.updated_at.localeCompare(a.updated_at);
}
function byRecent(a: BoardCard, b: BoardCard): number {
  return b.updated_at.localeCompare(a.updated_at);
}

/** Kept across visits to other views (the board is remounted each time). */
let savedFilters: Filters = NO_FILTERS;

/** Track names by id (a card's blockers are shown by name). */
type Names = Map<string, string>;

function CardList({ cards, limit, names }: { cards: BoardCard[]; limit: number; names: Names }) {
  return (
    <div class="cards">
      {cards.slice(0, limit).map((card) => (
        <Card key={card.track_id} card={card} names={names} />
      ))}
    </div>
  );
}

function ShowAll({ total, shown, onShow }: { total: number; shown: number; onShow: () => void }) {
  if (total <= shown) return null;
  return (
    <button type="button" class="show-all" onClick={onShow}>
      Show all {total}
    </button>
  );
}

function ActiveLanes({ cards, board, limit, names }: { cards: BoardCard[]; board: BoardView; limit: number; names: Names }) {
  const groups = new Map<string, BoardCard[]>();
  for (const card of cards) {
    const lane = card.lane ?? NO_LANE;
    const group = groups.get(lane);
    if (group) group.push(card);
    else groups.set(lane, [card]);
  }
  let left = limit;
  return (
    <>
      {[...groups].map(([lane, group]) => {
        const branch = board.lanes.find((l) => l.lane === lane)?.branch ?? group.find((c) => c.branch)?.branch ?? null;
        const shown = Math.max(0, left);
        left -= group.length;
        return (
          <div key={lane} class="lane-group" data-lane={lane}>
            <h3>
              {lane === NO_LANE ? 'No lane' : `Lane ${lane}`}
              {lane === board.lane ? <span class="muted"> (this lane)</span> : null}
            </h3>
            {branch ? (
              <p class="muted lane-branch">
                Branch <code>{branch}</code>
              </p>
            ) : null}
            <CardList cards={group} limit={shown} names={names} />
          </div>
        );
      })}
    </>
  );
}

function Column({ id, title, cards, board, names }: { id: BoardColumn; title: string; cards: BoardCard[]; board: BoardView; names: Names }) {
  const [limit, setLimit] = useState(PAGE);
  const headingId = `col-${id}`;
  return (
    <section class="column" data-column={id} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} <span class="count">{cards.length}</span>
      </h2>
      {cards.length === 0 ? <p class="muted empty">None</p> : null}
      {id === 'active' ? <ActiveLanes cards={cards} board={board} limit={limit} names={names} /> : <CardList cards={cards} limit={limit} names={names} />}
      <ShowAll total={cards.length} shown={limit} onShow={() => setLimit(cards.length)} />
    </section>
  );
}

function Board({ board }: { board: BoardView }) {
  const [filters, setFilters] = useState(savedFilters);
  const update = (next: Filters) => {
    savedFilters = next;
    setFilters(next);
  };
  const columns = useMemo(() => {
    const by = new Map<BoardColumn, BoardCard[]>(COLUMNS.map((c) => [c.id, []]));
    for (const card of board.tracks) if (matches(card, filters)) by.get(card.column)?.push(card);
    for (const [id, cards] of by) cards.sort(id === 'done' ? byRecent : byPriorityThenRecent);
    return by;
  }, [board, filters]);
  const names = useMemo(() => new Map(board.tracks.map((c) => [c.track_id, c.name])), [board]);
  const shown = [...columns.values()].reduce((n, cards) => n + cards.length, 0);
  useEffect(() => {
    // Back from a track: focus returns to its card, as to a link followed and returned from.
    const id = takeLastTrack();
    if (id) document.querySelector<HTMLElement>(`[data-board] article[data-track-id="${CSS.escape(id)}"]`)?.focus();
  }, []);
  return (
    <div data-view="board">
      <div class="view-head">
        <h1>Board</h1>
        <p class="muted">
          {shown === board.tracks.length ? `${board.tracks.length} tracks` : `${shown} of ${board.tracks.length} tracks`} · lane {board.lane} · {board.store}
        </p>
      </div>
      <FilterBar tracks={board.tracks} filters={filters} onChange={update} />
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the keys act on the focused card inside */}
      <div class="board" data-board onKeyDown={onBoardKeyDown}>
        {COLUMNS.map((c) => (
          <Column key={c.id} id={c.id} title={c.title} cards={columns.get(c.id) ?? []} board={board} names={names} />
        ))}
      </div>
    </div>
  );
}

export function BoardPage() {
  return <Loaded name="board" load={api.board} what="the board" render={(board) => <Board board={board} />} />;
}
