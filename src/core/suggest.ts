/** "Did you mean": the known words closest to a mistyped one. Pure. */

/** Edit distance counting an adjacent transposition as one edit ("compelte" → "complete" is 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...Array.from({ length: b.length }, (_, j) => (i === 0 ? j + 1 : 0))]);
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return rows[a.length]?.[b.length] as number;
}

/** How many edits still count as a typo in a word typed this long. */
const tolerance = (length: number): number => (length <= 4 ? 1 : length <= 12 ? 2 : 3);

/** True when `word` is close enough to `candidate` to be a typo of it: a slip of case counts (`LIST` → `list`). */
export function isTypoOf(word: string, candidate: string): boolean {
  const a = word.toLowerCase();
  const b = candidate.toLowerCase();
  return word !== candidate && editDistance(a, b) <= tolerance(a.length);
}

/**
 * Up to `limit` candidates the user may have meant by `word`, best first: typos by edit distance,
 * then candidates that contain the word (at least 3 characters: "active" → "get-active"). A
 * candidate that differs only in case (`p1` → `P1`) is the one suggestion, alone.
 * Inputs longer than 100 characters get no suggestion (nobody mistypes an essay).
 */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  if (word.length === 0 || word.length > 100) return [];
  const w = word.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    const c = candidate.toLowerCase();
    if (candidate === word || c.length > 200) continue;
    const distance = c === w ? -1 : editDistance(w, c);
    if (distance <= tolerance(w.length)) scored.push([candidate, distance]);
    else if (w.length >= 3 && c.includes(w)) scored.push([candidate, 100 + c.length - w.length]);
  }
  // A slip of case is what was meant: the other near words would only be noise beside it.
  const sameWord = scored.filter(([, distance]) => distance < 0);
  return (sameWord.length ? sameWord : scored)
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}

/** " (did you mean 'a' or 'b'?)"-style text, or '' when there is nothing to suggest. */
export function didYouMean(suggestions: readonly string[]): string {
  if (!suggestions.length) return '';
  const quoted = suggestions.map((s) => `'${s}'`);
  const last = quoted.pop() as string;
  return `did you mean ${quoted.length ? `${quoted.join(', ')} or ${last}` : last}?`;
}
