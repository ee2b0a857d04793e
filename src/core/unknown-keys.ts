/**
 * Keys a schema does not know, found in a document people write (plans, workflows, templates).
 * The schemas strip unknown keys, which is right for documents the store wrote; in a hand-written
 * file an unknown key is a typo whose meaning would be silently lost (`dependson` → no dependency).
 * Pure: walks the value beside the schema's own definition, so it follows every schema change.
 */
import type * as z from 'zod/mini';
import { ValidationError } from './errors.js';
import { closest, didYouMean } from './suggest.js';

interface Def {
  type: string;
  shape?: Record<string, Node>;
  catchall?: Node;
  element?: Node;
  valueType?: Node;
  innerType?: Node;
  getter?: () => Node;
  in?: Node;
}
interface Node {
  _zod: { def: Def };
}

export interface UnknownKey {
  /** Where the key stands, e.g. `['steps', 1, 'dependson']`. */
  path: Array<string | number>;
  /** The keys accepted where it stands. */
  known: string[];
  /** The accepted keys it is nearest to: beside it (`depends_on`), or one level down (`timing.timeout_minutes`). */
  near: string[];
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function unwrap(schema: Node): Def {
  let def = schema._zod.def;
  for (let guard = 0; guard < 32; guard++) {
    if (WRAPPERS.has(def.type) && def.innerType) def = def.innerType._zod.def;
    else if (def.type === 'lazy' && def.getter) def = def.getter()._zod.def;
    else if (def.type === 'pipe' && def.in) def = def.in._zod.def;
    else break;
  }
  return def;
}

/** The keys of the objects directly below `shape`, as `parent.key`. */
function keysBelow(shape: Record<string, Node>): string[] {
  return Object.entries(shape).flatMap(([name, node]) => {
    const def = unwrap(node);
    return def.type === 'object' && def.shape ? Object.keys(def.shape).map((k) => `${name}.${k}`) : [];
  });
}

function nearest(key: string, shape: Record<string, Node>): string[] {
  const beside = closest(key, Object.keys(shape));
  if (beside.length) return beside;
  const below = keysBelow(shape);
  const leaf = (path: string) => path.slice(path.indexOf('.') + 1);
  const names = closest(key, below.map(leaf));
  return names.flatMap((name) => below.filter((path) => leaf(path) === name));
}

function walk(def: Def, value: unknown, path: Array<string | number>): UnknownKey | undefined {
  if (def.type === 'object' && def.shape && isRecord(value)) {
    const open = def.catchall !== undefined && unwrap(def.catchall).type !== 'never';
    for (const [key, child] of Object.entries(value)) {
      const node = Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
      if (!node) {
        if (open) continue;
        return { path: [...path, key], known: Object.keys(def.shape), near: nearest(key, def.shape) };
      }
      const found = walk(unwrap(node), child, [...path, key]);
      if (found) return found;
    }
  } else if (def.type === 'array' && def.element && Array.isArray(value)) {
    const element = unwrap(def.element);
    for (let i = 0; i < value.length; i++) {
      const found = walk(element, value[i], [...path, i]);
      if (found) return found;
    }
  } else if (def.type === 'record' && def.valueType && isRecord(value)) {
    const entry = unwrap(def.valueType);
    for (const [key, child] of Object.entries(value)) {
      const found = walk(entry, child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The first key of `value` (in document order) that `schema` does not know, or undefined. */
export function findUnknownKey(schema: z.ZodMiniType, value: unknown): UnknownKey | undefined {
  return walk(unwrap(schema as unknown as Node), value, []);
}

/**
 * Refuses a hand-written document holding a key its schema does not know: one line naming the
 * key's path and the document (`unknown key steps.1.dependson in plan.yaml`); the hint is the
 * nearest accepted key, else the keys accepted there.
 */
export function assertNoUnknownKeys(schema: z.ZodMiniType, value: unknown, source: string): void {
  const found = findUnknownKey(schema, value);
  if (!found) return;
  const field = found.path.join('.');
  const at = found.path.slice(0, -1).join('.');
  throw new ValidationError(
    `unknown key ${field.slice(0, 200)} in ${source}`,
    found.near.length ? didYouMean(found.near) : `${at ? `the keys of ${at}` : 'the top-level keys'} are: ${found.known.join(', ')}`,
    { field: field.slice(0, 200), ...(found.near.length ? { did_you_mean: found.near } : {}) },
  );
}
