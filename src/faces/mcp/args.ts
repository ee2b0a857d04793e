/**
 * A tool call's arguments, checked against the tool's input schema before anything runs: unknown
 * arguments are refused, a single value stands for a list of one wherever a list is taken, and a
 * bad value is one line in our words naming the argument, what it got and what it accepts (read
 * from the JSON Schema that `tools/list` advertises, so the message and the schema agree).
 */
import * as z from 'zod/mini';
import { ValidationError } from '../../core/errors.js';
import { type Face, say } from '../../core/face-commands.js';
import { numberedExample, numberedPrefixOf } from '../../core/sequence-names.js';
import { closest, didYouMean } from '../../core/suggest.js';
import type { TrackTool } from './tool.js';

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
}

const schemas = new WeakMap<z.ZodMiniObject, JsonSchema>();
function jsonSchemaOf(input: z.ZodMiniObject): JsonSchema {
  let schema = schemas.get(input);
  if (!schema) {
    schema = z.toJSONSchema(input, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
    schemas.set(input, schema);
  }
  return schema;
}

/** Id patterns in words: the pattern of run ids is "an id like run-001 or run-001-k3x9p"; the slug pattern of track and step ids is spelled out. */
function patternWords(pattern: string): string {
  const numbered = numberedPrefixOf(pattern);
  if (numbered) return `an id like ${numberedExample(numbered)}`;
  const slug = /^\^\[a-z0-9\]\(\?:\[a-z0-9-\]\{0,(\d+)\}\[a-z0-9\]\)\?\$$/.exec(pattern);
  if (slug) return `lowercase letters, digits and hyphens (at most ${Number(slug[1]) + 2}, not starting or ending with a hyphen)`;
  return `text matching ${pattern}`;
}

const range = (s: JsonSchema): string =>
  s.minimum !== undefined && s.maximum !== undefined
    ? ` from ${s.minimum} to ${s.maximum}`
    : s.minimum !== undefined
      ? ` of at least ${s.minimum}`
      : s.maximum !== undefined
        ? ` of at most ${s.maximum}`
        : '';

/** What a schema node accepts, in words. */
function accepted(s: JsonSchema | undefined): string {
  if (!s) return 'a valid value';
  if (s.enum) return `one of ${s.enum.map(String).join(', ')}`;
  if (s.const !== undefined) return JSON.stringify(s.const);
  switch (s.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `a whole number${range(s)}`;
    case 'number':
      return `a number${range(s)}`;
    case 'string': {
      if (s.pattern) return patternWords(s.pattern);
      const empty = s.minLength ? 'non-empty ' : '';
      return `${empty}text${s.maxLength !== undefined ? ` of at most ${s.maxLength.toLocaleString('en')} characters` : ''}`;
    }
    case 'array':
      return `${accepted(s.items)}, or a list of them${s.maxItems !== undefined ? ` (at most ${s.maxItems})` : ''}`;
    case 'object':
      return typeof s.additionalProperties === 'object' ? `an object whose values are ${accepted(s.additionalProperties)}` : 'an object';
    default:
      return 'a valid value';
  }
}

/** A value as the message quotes it: short strings as they are, anything long or nested by its size or kind. */
function received(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length > 40 ? `text of ${value.length.toLocaleString('en')} characters` : JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}

/** The schema node and value at an issue's path (list items and object values included). */
function at(schema: JsonSchema, args: unknown, path: readonly PropertyKey[]): { node: JsonSchema | undefined; value: unknown } {
  let node: JsonSchema | undefined = schema;
  let value = args;
  for (const key of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (!node) break;
    if (typeof key === 'number') node = node.items;
    else node = node.properties?.[String(key)] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return { node, value };
}

const fieldName = (path: readonly PropertyKey[]): string =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('') || 'arguments';

/**
 * A call that fixes the argument, when one can be written down: the accepted value nearest to the
 * one typed (else an accepted value) in its place, or the tool that lists the ids.
 */
function fixHint(tool: TrackTool, face: Face, args: Record<string, unknown>, field: string, node: JsonSchema | undefined, typed: unknown): string {
  const choices = node?.enum ?? node?.items?.enum;
  const near = typeof typed === 'string' && choices ? closest(typed, choices.map(String)) : [];
  if (near.length) return `${didYouMean(near)} call \`${tool.name} ${JSON.stringify({ ...args, [field]: near[0] })}\``;
  if (choices?.length) return `for example: call \`${tool.name} ${JSON.stringify({ ...args, [field]: choices[0] })}\``;
  if (node?.type === 'boolean') return `for example: call \`${tool.name} ${JSON.stringify({ ...args, [field]: true })}\``;
  const pattern = node?.pattern ?? node?.items?.pattern ?? '';
  if (/^(track_id|to|parent|id)$/.test(field) && pattern.includes('{0,98}')) return `${say(face, 'list')} for the track ids`;
  if (/^(step_id|depends_on)$/.test(field)) return `${say(face, 'show')} for the plan's step ids`;
  return `tools/list gives ${tool.name}'s arguments with their types`;
}

/** Arguments the tool does not take are refused, naming the ones it does (a typo must not be silently dropped). */
function refuseUnknown(tool: TrackTool, args: Record<string, unknown>): void {
  const accepted = Object.keys(tool.input.shape);
  const unknown = Object.keys(args).filter((k) => !accepted.includes(k));
  if (!unknown.length) return;
  const names = unknown.map((k) => `'${k.slice(0, 40)}'`).join(', ');
  const message = `${tool.name} does not take ${unknown.length === 1 ? 'the argument' : 'the arguments'} ${names}; it takes ${accepted.join(', ') || 'no arguments'}`;
  // Each mistyped name renamed to the accepted one nearest to it, when every one has such a name.
  const renamed = unknown.map(
    (k) =>
      closest(
        k,
        accepted.filter((a) => !Object.hasOwn(args, a)),
      )[0],
  );
  if (renamed.every((r) => r !== undefined) && new Set(renamed).size === renamed.length) {
    const fixed = Object.fromEntries(Object.entries(args).map(([k, v]) => [renamed[unknown.indexOf(k)] ?? k, v]));
    throw new ValidationError(message, `${didYouMean(renamed)} call \`${tool.name} ${JSON.stringify(fixed)}\``, { unknown, accepted, did_you_mean: renamed });
  }
  throw new ValidationError(message, accepted.length ? `call ${tool.name} with only: ${accepted.join(', ')}` : `call ${tool.name} with {}`, {
    unknown,
    accepted,
  });
}

/** The tool's arguments, validated (and typed) by its input schema; any problem is a one-line ValidationError. */
export function parseToolArgs(tool: TrackTool, rawArgs: unknown, face: Face): Record<string, unknown> {
  const given = rawArgs ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new ValidationError(`${tool.name} takes an object of named arguments, not ${received(given)}`, `call ${tool.name} with {}`);
  }
  const raw = given as Record<string, unknown>;
  refuseUnknown(tool, raw);
  const schema = jsonSchemaOf(tool.input);
  const args = { ...raw };
  const single = new Set<string>();
  for (const [key, value] of Object.entries(raw)) {
    if (schema.properties?.[key]?.type === 'array' && value !== undefined && value !== null && !Array.isArray(value)) {
      args[key] = [value];
      single.add(key);
    }
  }
  const result = tool.input.safeParse(args);
  if (result.success) return result.data as Record<string, unknown>;
  const issue = result.error.issues[0];
  // A single value that stood for a list of one is reported as the value it was.
  const path = issue?.path ?? [];
  const reported = path.length === 2 && single.has(String(path[0])) && path[1] === 0 ? path.slice(0, 1) : path;
  const { node, value } = at(schema, single.has(String(reported[0])) && reported.length === 1 ? raw : args, reported);
  const field = fieldName(reported);
  const message =
    value === undefined && reported.length === 1
      ? `${tool.name} needs ${field}: ${accepted(node)}`
      : `invalid ${field}: got ${received(value)}, expected ${accepted(node)}`;
  const top = String(reported[0] ?? '');
  const { [top]: _bad, ...rest } = raw;
  throw new ValidationError(message, fixHint(tool, face, rest, top, schema.properties?.[top], raw[top]), { field, accepted: accepted(node) });
}
