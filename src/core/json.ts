/** Untrusted JSON, parsed and checked the same way wherever it comes from (the store, a bundle, a template, a plan). */
import type * as z from 'zod/mini';
import { CorruptStoreError } from './errors.js';

export const MAX_JSON_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses untrusted JSON: strict UTF-8 (a BOM is tolerated), bounded nesting (checked before
 * parsing, so deep input cannot exhaust the stack later), and no prototype-polluting keys.
 */
export function parseJsonText(text: string, source: string): unknown {
  const depth = maxDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new CorruptStoreError(source, `JSON nests ${depth} levels deep (limit ${MAX_JSON_DEPTH})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptStoreError(source, `is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
  if (text.includes('"__proto__"') || text.includes('"constructor"') || text.includes('"prototype"')) {
    const bad = findForbiddenKey(value);
    if (bad) throw new CorruptStoreError(source, `contains the forbidden key "${bad}"`);
  }
  return value;
}

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
