/** Untrusted JSON, parsed and checked the same way wherever it comes from (the store, a bundle, a template, a plan). */
import type * as z from 'zod/mini';
import { CorruptStoreError, MergeConflictError } from './errors.js';

export const MAX_JSON_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses untrusted JSON: strict UTF-8 (a BOM is tolerated), bounded nesting (so a deep document
 * cannot exhaust the stack of whatever walks it later), and no prototype-polluting keys. V8 parses
 * any depth without recursing; the depth is then measured on the value, which visits far fewer
 * things than the text's every character. Too deep is reported before invalid, as when the text
 * was measured first.
 */
export function parseJsonText(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const depth = maxDepth(text);
    if (depth > MAX_JSON_DEPTH) throw tooDeep(source, depth);
    if (CONFLICT_MARKER.test(text)) throw new MergeConflictError(source);
    throw new CorruptStoreError(source, `is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
  const depth = valueDepth(value);
  if (depth > MAX_JSON_DEPTH) throw tooDeep(source, depth);
  if (text.includes('"__proto__"') || text.includes('"constructor"') || text.includes('"prototype"')) {
    const bad = findForbiddenKey(value);
    if (bad) throw new CorruptStoreError(source, `contains the forbidden key "${bad}"`);
  }
  return value;
}

/** A line git writes around the two sides of a conflict (`<<<<<<< ours`, `=======`, `>>>>>>> theirs`). */
const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7})(?: |$)/m;

const tooDeep = (source: string, depth: number) => new CorruptStoreError(source, `JSON nests ${depth} levels deep (limit ${MAX_JSON_DEPTH})`);

export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CorruptStoreError(source, 'is not valid UTF-8');
  }
}

export function validateDocument<S extends z.ZodMiniType>(value: unknown, schema: S, source: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new CorruptStoreError(source, `does not match its schema at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data as z.infer<S>;
}

/** Depth of bracket nesting outside strings, in one pass without recursion. */
export function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Nesting depth of parsed JSON (what `maxDepth` gives for its text), without recursion. */
export function valueDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, depth] = next;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) max = depth;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return max;
}

function findForbiddenKey(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) return key;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return null;
}

export const toJsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
