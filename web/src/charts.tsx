import { truncate } from './format.js';

/** Horizontal bar charts in SVG (stacked when a row has several parts), each with its data as a table. */

export interface Series {
  key: string;
  label: string;
  /** A CSS class giving the fill (see app.css). */
  tone: string;
}

export interface BarRow {
  /** Unique among the rows (labels may repeat: two tracks can share a name). */
  id: string;
  label: string;
  values: Record<string, number>;
}

const LABEL_W = 170;
/** Characters of a label that fit LABEL_W at the chart's 13px (a clip cuts the rare wider one at its end). */
const LABEL_CHARS = 19;
const BAR_H = 20;
const GAP = 8;
const WIDTH = 600;

function total(row: BarRow, series: Series[]): number {
  return series.reduce((n, s) => n + (row.values[s.key] ?? 0), 0);
}

export function BarChart({
  id,
  title,
  series,
  rows,
  rowHeader,
  note,
  format = String,
  valueText,
  valueWidth = 80,
}: {
  id: string;
  title: string;
  series: Series[];
  rows: BarRow[];
  /** What a row is, for the data table's first column. */
  rowHeader: string;
  note?: string;
  format?: (n: number) => string;
  /** What follows a bar (default: its total), and the room it takes. */
  valueText?: (row: BarRow) => string;
  valueWidth?: number;
}) {
  const max = Math.max(1, ...rows.map((r) => total(r, series)));
  const plot = WIDTH - LABEL_W - valueWidth;
  const height = rows.length * (BAR_H + GAP) + GAP;
  const summary = rows.map((r) => `${r.label}: ${series.map((s) => `${format(r.values[s.key] ?? 0)} ${s.label}`).join(', ')}`).join('; ');
  return (
    <figure class="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      {series.length > 1 ? (
        <ul class="legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key}>
              <span class={`swatch ${s.tone}`} />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      {rows.length === 0 ? (
        <p class="muted">Nothing to show.</p>
      ) : (
        <svg role="img" aria-label={`${title}. ${summary}`} width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`} class="chart-svg">
          <title>{title}</title>
          <clipPath id={`${id}-labels`}>
            <rect x={0} y={0} width={LABEL_W - 8} height={height} />
          </clipPath>
          {rows.map((row, i) => {
            const y = GAP + i * (BAR_H + GAP);
            let x = LABEL_W;
            return (
              <g key={row.id}>
                <text x={4} y={y + BAR_H * 0.72} class="chart-label" clip-path={`url(#${id}-labels)`}>
                  <title>{row.label}</title>
                  {truncate(row.label, LABEL_CHARS)}
                </text>
                {series.map((s) => {
                  const value = row.values[s.key] ?? 0;
                  const w = (value / max) * plot;
                  const rect = w > 0 ? <rect key={s.key} x={x} y={y} width={w} height={BAR_H} class={s.tone} /> : null;
                  x += w;
                  return rect;
                })}
                <text x={x + 6} y={y + BAR_H * 0.72} class="chart-value">
                  {valueText ? valueText(row) : format(total(row, series))}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {note ? <p class="muted chart-note">{note}</p> : null}
      {rows.length > 0 ? (
        <details>
          <summary>Data</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{rowHeader}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{row.label}</th>
                  {series.map((s) => (
                    <td key={s.key}>{format(row.values[s.key] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}
