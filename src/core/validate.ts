import type * as z from 'zod/mini';
import { ValidationError } from './errors.js';
import { actionOf } from './face-commands.js';
import { help, hint } from './hint.js';
import { numberedExample, numberedPrefixOf } from './sequence-names.js';
import { closest, didYouMean } from './suggest.js';

/** Validates user input; the first problem becomes a one-line error naming the field. */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : what;
  const detail = describeIssue(issue);
  // A mistyped value of a vocabulary ('feture') is offered the closest accepted ones.
  const typed = issue?.code === 'invalid_value' ? valueAt(value, issue.path) : undefined;
  const near = typeof typed === 'string' && issue?.code === 'invalid_value' ? closest(typed, issue.values.map(String)) : [];
  const command = actionOf(what);
  const way = near.length ? didYouMean(near) : command ? hint`see ${help(command)} for the accepted values` : `fix the ${where} value and retry`;
  throw new ValidationError(`invalid ${where}: ${detail}`, way, {
    field: where,
    ...(near.length ? { value: String(typed).slice(0, 200), did_you_mean: near } : {}),
  });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid value';
  if (issue.code === 'too_big' && 'maximum' in issue) return `too long (at most ${String(issue.maximum)})`;
  if (issue.code === 'too_small' && 'minimum' in issue)
    return Number(issue.minimum) <= 1 ? 'must not be empty' : `too short (at least ${String(issue.minimum)})`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `must be one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_format') {
    // A numbered id (`dec-001`, `dec-001-k3x9p`) is described by an example, not as a slug.
    const numbered = 'pattern' in issue ? numberedPrefixOf(String(issue.pattern)) : null;
    return numbered
      ? `must be an id like ${numberedExample(numbered)} ('${numbered}-', three or more digits, and the tag a store shared through git adds)`
      : 'has an invalid format (lowercase letters, digits and hyphens)';
  }
  return issue.message;
}
