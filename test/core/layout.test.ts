/** The source tree keeps its layering: no import cycles, and each folder imports only what it may. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(repo, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, type-only and dynamic), as src-relative paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return found.map((spec) => relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

const graph = new Map(sourceFiles(src).map((file) => [relative(src, file), importsOf(file)]));

/** Every cycle's files, found by a depth-first walk (each cycle reported once, from its first file). */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

/** What each top-level folder may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  store: ['core'],
  exec: ['core', 'store'],
  features: ['core', 'store', 'exec'],
  faces: ['core', 'store', 'exec', 'features'],
  'index.ts': ['core', 'store', 'exec', 'features', 'faces', 'integration.ts'],
  'integration.ts': ['core', 'store', 'features'],
};

describe('source layout', () => {
  it('has no import cycle', () => {
    expect(cycles().map((c) => c.join(' → '))).toEqual([]);
  });

  it('imports only from allowed layers', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const layer = file.split('/')[0] as string;
      const allowed = ALLOWED[layer];
      expect(allowed, `${file} is in no known folder`).toBeDefined();
      for (const target of imports) {
        const to = target.split('/')[0] as string;
        if (to !== layer && !allowed?.includes(to)) wrong.push(`${file} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the MCP face never borrows from the CLI face', () => {
    const borrowed = [...graph].flatMap(([file, imports]) =>
      file.startsWith('faces/mcp/') ? imports.filter((t) => t.startsWith('faces/cli/')).map((t) => `${file} → ${t}`) : [],
    );
    expect(borrowed).toEqual([]);
  });

  it('imports only files that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((t) => !graph.has(t)).map((t) => `${file} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('states the version package.json has', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
  });
});
