/**
 * Do two path globs match a common path? Each glob becomes a small NFA; the product automaton is
 * searched breadth-first, and the first accepting path found is returned as a witness.
 * Supported: literal characters, `?` and `[...]` (one character within a segment), `*` (any run
 * within a segment) and `**` (any run across segments; `** /` may also match no directory).
 */

/** What one NFA edge consumes: a literal character, any character but '/', or any character. */
type CharSet = { lit: string } | 'segment' | 'any';

interface Nfa {
  edges: Array<Array<[CharSet, number]>>;
  epsilons: number[][];
  accept: number;
}

function buildNfa(glob: string): Nfa {
  const edges: Array<Array<[CharSet, number]>> = [[]];
  const epsilons: number[][] = [[]];
  const fresh = (): number => {
    edges.push([]);
    epsilons.push([]);
    return edges.length - 1;
  };
  let state = 0;
  let i = 0;
  while (i < glob.length) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      if (atSegmentStart && glob[i + 2] === '/') {
        // `**/`: nothing, or one or more whole directories.
        const inside = fresh();
        const next = fresh();
        epsilons[state]?.push(next);
        edges[state]?.push(['segment', inside]);
        edges[inside]?.push(['any', inside], [{ lit: '/' }, next]);
        state = next;
        i += 3;
        continue;
      }
      const next = fresh();
      edges[state]?.push(['any', state]);
      epsilons[state]?.push(next);
      state = next;
      i += 2;
      continue;
    }
    const next = fresh();
    if (c === '*') {
      edges[state]?.push(['segment', state]);
      epsilons[state]?.push(next);
    } else if (c === '?') {
      edges[state]?.push(['segment', next]);
    } else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
      edges[state]?.push(['segment', next]);
      i = glob.indexOf(']', i + 2);
    } else {
      edges[state]?.push([{ lit: c }, next]);
    }
    state = next;
    i += 1;
  }
  return { edges, epsilons, accept: state };
}

function closure(nfa: Nfa, from: number): number[] {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length) {
    for (const next of nfa.epsilons[stack.pop() as number] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return [...seen];
}

/** A character both sets accept, or null. */
function commonChar(a: CharSet, b: CharSet): string | null {
  if (typeof a === 'object' && typeof b === 'object') return a.lit === b.lit ? a.lit : null;
  if (typeof a === 'object') return b === 'segment' && a.lit === '/' ? null : a.lit;
  if (typeof b === 'object') return a === 'segment' && b.lit === '/' ? null : b.lit;
  return 'x';
}

/** Turns a target entry into a glob: `./` and trailing slashes dropped; a directory covers everything under it. */
export function normalizeTarget(entry: string, isDirectory: boolean): string {
  let glob = entry
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/{2,}/g, '/');
  glob = glob.replace(/\/+$/, '');
  if (isDirectory) glob = glob === '' || glob === '.' ? '**' : `${glob}/**`;
  return glob;
}

/**
 * A path both globs match, or null when they cannot match a common path. Overlap is judged
 * conservatively (a wildcard may also match a name starting with '.'), but a witness path without
 * such hidden names is preferred, so that the example is one a glob library would agree with.
 */
export function globOverlap(a: string, b: string): string | null {
  const na = buildNfa(a);
  const nb = buildNfa(b);
  return search(na, nb, true) ?? search(na, nb, false);
}

/** Whether a set is a wildcard rather than a literal character. */
const isWildcard = (set: CharSet): boolean => typeof set !== 'object';

function search(na: Nfa, nb: Nfa, dotRule: boolean): string | null {
  // State: both NFA positions and whether the next character starts a path segment.
  const key = (p: number, q: number, atStart: boolean) => (p * nb.edges.length + q) * 2 + (atStart ? 1 : 0);
  const parent = new Map<number, { from: number; char: string } | null>();
  const queue: Array<[number, number, boolean]> = [];
  const visit = (p: number, q: number, atStart: boolean, via: { from: number; char: string } | null) => {
    for (const pp of closure(na, p)) {
      for (const qq of closure(nb, q)) {
        const k = key(pp, qq, atStart);
        if (parent.has(k)) continue;
        parent.set(k, via);
        queue.push([pp, qq, atStart]);
      }
    }
  };
  visit(0, 0, true, null);
  for (let head = 0; head < queue.length; head++) {
    const [p, q, atStart] = queue[head] as [number, number, boolean];
    if (p === na.accept && q === nb.accept) return witness(parent, key(p, q, atStart));
    for (const [setA, toA] of na.edges[p] ?? []) {
      for (const [setB, toB] of nb.edges[q] ?? []) {
        const char = commonChar(setA, setB);
        if (char === null) continue;
        if (dotRule && atStart && char === '.' && (isWildcard(setA) || isWildcard(setB))) continue;
        visit(toA, toB, char === '/', { from: key(p, q, atStart), char });
      }
    }
  }
  return null;
}

function witness(parent: Map<number, { from: number; char: string } | null>, end: number): string {
  const chars: string[] = [];
  let cursor = parent.get(end);
  while (cursor) {
    chars.push(cursor.char);
    cursor = parent.get(cursor.from);
  }
  return chars.reverse().join('');
}
