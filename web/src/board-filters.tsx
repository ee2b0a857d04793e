/** The board's filters: type, priority and tag. */
import type { BoardCard } from '../../src/faces/http/api.js';

export interface Filters {
  type: string;
  priority: string;
  tag: string;
}
export const NO_FILTERS: Filters = { type: '', priority: '', tag: '' };

export function matches(card: BoardCard, filters: Filters): boolean {
  if (filters.type && card.type !== filters.type) return false;
  if (filters.priority && card.priority !== filters.priority) return false;
  if (filters.tag) {
    const wanted = filters.tag.trim().toLowerCase();
    if (wanted && !card.tags.some((t) => t.toLowerCase().includes(wanted))) return false;
  }
  return true;
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: string[]; onChange: (v: string) => void }) {
  return (
    <span class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </span>
  );
}

export function FilterBar({ tracks, filters, onChange }: { tracks: BoardCard[]; filters: Filters; onChange: (f: Filters) => void }) {
  const types = distinct(tracks.map((t) => t.type));
  const priorities = distinct(tracks.map((t) => t.priority));
  const tags = distinct(tracks.flatMap((t) => t.tags));
  const active = filters.type || filters.priority || filters.tag;
  return (
    <search class="filters" aria-label="Filter tracks">
      <Select id="filter-type" label="Type" value={filters.type} options={types} onChange={(type) => onChange({ ...filters, type })} />
      <Select id="filter-priority" label="Priority" value={filters.priority} options={priorities} onChange={(priority) => onChange({ ...filters, priority })} />
      <span class="field">
        <label for="filter-tag">Tag</label>
        <input id="filter-tag" type="search" list="filter-tags" value={filters.tag} onInput={(e) => onChange({ ...filters, tag: e.currentTarget.value })} />
        <datalist id="filter-tags">
          {tags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </span>
      {active ? (
        <button type="button" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      ) : null}
    </search>
  );
}
