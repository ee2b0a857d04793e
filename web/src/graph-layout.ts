/**
 * The plan's layered layout: a step's layer is 1 + the highest layer of the steps it depends on;
 * layers run left to right, and within a layer steps are ordered by the mean row of their
 * dependencies (one barycentre sweep), which keeps most edges short and uncrossed.
 * An edge to the next layer is a curve in the gap between the two; one that skips layers runs
 * through a channel (the gap between two rows, at the same height in every layer, so no box is in
 * its way), each such edge on its own track where their spans overlap.
 */

export interface LayoutStep {
  step_id: string;
  order: number;
  depends_on: string[];
}

export interface NodeBox {
  id: string;
  layer: number;
  row: number;
  x: number;
  y: number;
}

export interface EdgeLine {
  from: string;
  to: string;
  d: string;
}

export interface GraphLayout {
  nodes: NodeBox[];
  edges: EdgeLine[];
  width: number;
  height: number;
}

export const NODE_W = 200;
export const NODE_H = 64;
const GAP_X = 60;
const GAP_Y = 30;
/** Where edges sharing a channel run, from its middle (the channel is GAP_Y high). */
const TRACKS = [0, -7, 7, -12, 12];
const PAD = 12;

export function layersOf(steps: LayoutStep[]): Map<string, number> {
  const byId = new Map(steps.map((s) => [s.step_id, s]));
  const layers = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (id: string): number => {
    const known = layers.get(id);
    if (known !== undefined) return known;
    // A cycle (the store refuses them, but the page must not hang on one) counts as no dependency.
    if (visiting.has(id)) return -1;
    visiting.add(id);
    const step = byId.get(id);
    let layer = 0;
    for (const dep of step?.depends_on ?? []) if (byId.has(dep)) layer = Math.max(layer, layerOf(dep) + 1);
    visiting.delete(id);
    layers.set(id, layer);
    return layer;
  };
  for (const s of steps) layerOf(s.step_id);
  return layers;
}

export function layoutGraph(steps: LayoutStep[]): GraphLayout {
  const layers = layersOf(steps);
  const columns: LayoutStep[][] = [];
  for (const step of [...steps].sort((a, b) => a.order - b.order)) {
    const layer = layers.get(step.step_id) ?? 0;
    const column = columns[layer];
    if (column) column.push(step);
    else columns[layer] = [step];
  }
  const rows = new Map<string, number>();
  for (const column of columns) {
    if (!column) continue;
    const weight = (s: LayoutStep) => {
      const deps = s.depends_on.map((d) => rows.get(d)).filter((r): r is number => r !== undefined);
      return deps.length ? deps.reduce((a, b) => a + b, 0) / deps.length : Number.POSITIVE_INFINITY;
    };
    const sorted = column.map((s, i) => ({ s, w: weight(s), i })).sort((a, b) => a.w - b.w || a.i - b.i);
    sorted.forEach(({ s }, row) => {
      rows.set(s.step_id, row);
    });
  }
  const nodes: NodeBox[] = steps.map((s) => {
    const layer = layers.get(s.step_id) ?? 0;
    const row = rows.get(s.step_id) ?? 0;
    return { id: s.step_id, layer, row, x: PAD + layer * (NODE_W + GAP_X), y: PAD + row * (NODE_H + GAP_Y) };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));
  const rowCount = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  const pairs: Array<{ from: NodeBox; to: NodeBox }> = [];
  for (const s of steps) {
    const to = at.get(s.step_id);
    for (const dep of s.depends_on) {
      const from = at.get(dep);
      if (from && to) pairs.push({ from, to });
    }
  }
  const routes = channelsOf(
    pairs.filter((p) => p.to.layer - p.from.layer > 1),
    rowCount,
  );
  const edges: EdgeLine[] = pairs.map(({ from, to }) => {
    const x1 = from.x + NODE_W;
    const y1 = from.y + NODE_H / 2;
    const x2 = to.x;
    const y2 = to.y + NODE_H / 2;
    const channel = routes.get(`${from.id}->${to.id}`);
    let d: string;
    if (channel === undefined || x2 - x1 <= GAP_X) {
      const bend = Math.max(24, (x2 - x1) / 2);
      d = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    } else {
      const half = GAP_X / 2;
      d = `M${x1},${y1} C${x1 + half},${y1} ${x1 + half},${channel} ${x1 + GAP_X},${channel} L${x2 - GAP_X},${channel} C${x2 - half},${channel} ${x2 - half},${y2} ${x2},${y2}`;
    }
    return { from: from.id, to: to.id, d };
  });
  const below = [...routes.values()].some((y) => y > PAD + rowCount * (NODE_H + GAP_Y) - GAP_Y);
  const layerCount = columns.length;
  return {
    nodes,
    edges,
    width: PAD * 2 + layerCount * NODE_W + Math.max(0, layerCount - 1) * GAP_X,
    height: PAD * 2 + rowCount * NODE_H + (rowCount - 1) * GAP_Y + (below ? GAP_Y : 0),
  };
}

/**
 * The height each layer-skipping edge runs at: the row gap nearest the middle of its two ends
 * (the gap below the last row counts), then a track in that gap not taken by an edge whose span
 * overlaps (first come, first served, by where they start).
 */
function channelsOf(long: Array<{ from: NodeBox; to: NodeBox }>, rowCount: number): Map<string, number> {
  const pitch = NODE_H + GAP_Y;
  const gapY = (row: number) => PAD + row * pitch + NODE_H + GAP_Y / 2;
  const taken = new Map<number, Array<{ first: number; last: number; track: number }>>();
  const routes = new Map<string, number>();
  for (const { from, to } of [...long].sort((a, b) => a.from.layer - b.from.layer || a.to.layer - b.to.layer)) {
    const middle = (from.y + to.y) / 2;
    const row = Math.min(rowCount - 1, Math.max(0, Math.round((middle - PAD) / pitch)));
    // Through layers from.layer+1 … to.layer-1.
    const first = from.layer + 1;
    const last = to.layer - 1;
    const used = taken.get(row) ?? [];
    const busy = new Set(used.filter((u) => u.first <= last && first <= u.last).map((u) => u.track));
    let track = 0;
    while (busy.has(track) && track < TRACKS.length - 1) track++;
    used.push({ first, last, track });
    taken.set(row, used);
    routes.set(`${from.id}->${to.id}`, gapY(row) + (TRACKS[track] ?? 0));
  }
  return routes;
}
