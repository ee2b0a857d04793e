/**
 * A cycle in a directed graph, as the nodes along it (the first repeated at the end), or null.
 * Only edges between nodes of the graph count. The walk starts from `from` when given, else from
 * every node; it is iterative, so a deep graph cannot overflow the stack.
 */
export function findCycle(edges: ReadonlyMap<string, Iterable<string>>, from: Iterable<string> = edges.keys()): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of from) {
    if (state.has(start) || !edges.has(start)) continue;
    const path: string[] = [start];
    const stack: { id: string; children: string[]; next: number }[] = [{ id: start, children: [...(edges.get(start) ?? [])], next: 0 }];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1] as { id: string; children: string[]; next: number };
      if (top.next >= top.children.length) {
        state.set(top.id, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const child = top.children[top.next++] as string;
      if (!edges.has(child)) continue;
      const seen = state.get(child);
      if (seen === 'open') return [...path.slice(path.indexOf(child)), child];
      if (seen === undefined) {
        state.set(child, 'open');
        path.push(child);
        stack.push({ id: child, children: [...(edges.get(child) ?? [])], next: 0 });
      }
    }
  }
  return null;
}
