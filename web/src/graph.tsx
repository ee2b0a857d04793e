/** The plan as a dependency graph in SVG, with a table of the same steps for screen readers. */
import { useMemo } from 'preact/hooks';
import type { Step } from '../../src/core/schema.js';
import { ColumnHeads } from './column-heads.js';
import { truncate } from './format.js';
import { layoutGraph, NODE_H, NODE_W } from './graph-layout.js';

function claimOf(step: Step): string | null {
  return step.claim?.holder ?? null;
}

function Node({ step, x, y, critical }: { step: Step; x: number; y: number; critical: boolean }) {
  const claim = claimOf(step);
  return (
    <g data-step-id={step.step_id} data-status={step.status} data-critical={String(critical)} class={`node st-${step.status}${critical ? ' critical' : ''}`}>
      <title>{`${step.name} (${step.step_id}): ${step.status}${claim ? `, claimed by ${claim}` : ''}${critical ? ', on the critical path' : ''}`}</title>
      <rect x={x} y={y} width={NODE_W} height={NODE_H} rx={6} />
      <text x={x + 10} y={y + 20} class="node-name">
        {truncate(step.name, 23)}
      </text>
      <text x={x + 10} y={y + 38} class="node-status">
        {step.status}
        {critical ? ' · critical' : ''}
      </text>
      {claim ? (
        <text x={x + 10} y={y + 55} class="node-claim">
          {truncate(`claimed by ${claim}`, 28)}
        </text>
      ) : null}
    </g>
  );
}

export function PlanGraph({ steps, critical }: { steps: Step[]; critical: string[] }) {
  const layout = useMemo(() => layoutGraph(steps), [steps]);
  const onPath = new Set(critical);
  const criticalEdge = new Set<string>();
  for (let i = 1; i < critical.length; i++) criticalEdge.add(`${critical[i - 1]}->${critical[i]}`);
  const byId = new Map(steps.map((s) => [s.step_id, s]));
  if (steps.length === 0) return <p class="muted">The plan has no steps.</p>;
  return (
    <section class="graph-scroll" tabindex={0} aria-label="Plan graph (scrollable)">
      <svg
        data-graph
        role="img"
        aria-label={`Dependency graph of ${steps.length} steps; the table below lists them`}
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
          </marker>
        </defs>
        {layout.edges.map((e) => {
          const key = `${e.from}->${e.to}`;
          return <path key={key} data-edge={key} d={e.d} class={criticalEdge.has(key) ? 'edge critical' : 'edge'} marker-end="url(#arrow)" />;
        })}
        {layout.nodes.map((n) => {
          const step = byId.get(n.id);
          return step ? <Node key={n.id} step={step} x={n.x} y={n.y} critical={onPath.has(n.id)} /> : null;
        })}
      </svg>
    </section>
  );
}

export function StepTable({ steps, critical }: { steps: Step[]; critical: string[] }) {
  const onPath = new Set(critical);
  return (
    <table class="steps">
      <caption>Steps of the plan</caption>
      <ColumnHeads names={['Step', 'Name', 'Status', 'Depends on', 'Claimed by', 'Critical path']} />
      <tbody>
        {[...steps]
          .sort((a, b) => a.order - b.order)
          .map((s) => (
            <tr key={s.step_id}>
              <td>
                <code>{s.step_id}</code>
              </td>
              <td>{s.name}</td>
              <td>
                <span class={`status st-${s.status}`}>{s.status}</span>
              </td>
              <td>{s.depends_on.join(', ') || '—'}</td>
              <td>{claimOf(s) ?? '—'}</td>
              <td>{onPath.has(s.step_id) ? 'yes' : 'no'}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
