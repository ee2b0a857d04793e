/**
 * The plan's layered layout: a step's layer is 1 + the highest layer of the steps it depends on;
 * layers run left to right, and within a layer steps are ordered by the mean row of their
 * dependencies (one barycentre sweep), which keeps most edges short and uncrossed.
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
const GAP_Y = 22;
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
  const edges: EdgeLine[] = [];
  for (const s of steps) {
    const to = at.get(s.step_id);
    for (const dep of s.depends_on) {
      const from = at.get(dep);
      if (!from || !to) continue;
      const x1 = from.x + NODE_W;
      const y1 = from.y + NODE_H / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_H / 2;
      const bend = Math.max(24, (x2 - x1) / 2);
      edges.push({ from: dep, to: s.step_id, d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` });
    }
  }
  const layerCount = columns.length;
  const rowCount = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  return {
    nodes,
    edges,
    width: PAD * 2 + layerCount * NODE_W + Math.max(0, layerCount - 1) * GAP_X,
    height: PAD * 2 + rowCount * NODE_H + (rowCount - 1) * GAP_Y,
  };
}
