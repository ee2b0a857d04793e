import { INVALID } from './document-parsers.js';

/** zod's compiled parser of a schema (see document-parsers.ts): the parsed value, or INVALID. */
export type CompiledParser = (input: unknown) => unknown;

interface Parses {
  parse(data: unknown, params?: unknown): unknown;
  safeParse(data: unknown, params?: unknown): unknown;
}

/**
 * A schema built the first time it is used. Building a zod schema costs tens of microseconds and
 * the schemas of every document and input number in the hundreds, while a command parses only a
 * few: built all at load, they were most of a read command's JavaScript time. The value stands
 * for the schema itself — parse, shape, pick, JSON Schema and `instanceof` all reach the built
 * one — so callers and the library's types do not change.
 *
 * With `compiled`, `parse` and `safeParse` first try that parser and build the schema only when
 * it answers INVALID, so a valid document is read without building anything and an invalid one
 * gets the schema's own error.
 */
export function lazySchema<T extends object>(build: () => T, compiled?: CompiledParser): T {
  let built: T | undefined;
  const schema = (): T => {
    built ??= build();
    return built;
  };
  const fast: Record<PropertyKey, unknown> = {};
  if (compiled) {
    fast.parse = (data: unknown, params?: unknown) => {
      const value = compiled(data);
      return value === INVALID ? (schema() as unknown as Parses).parse(data, params) : value;
    };
    fast.safeParse = (data: unknown, params?: unknown) => {
      const value = compiled(data);
      return value === INVALID ? (schema() as unknown as Parses).safeParse(data, params) : { success: true, data: value };
    };
  }
  return new Proxy({} as T, {
    get: (_, key) => (Object.hasOwn(fast, key) ? fast[key] : Reflect.get(schema(), key)),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Reported configurable: a proxy may not claim a fixed property its (empty) target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
