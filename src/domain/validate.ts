import type * as z from 'zod/mini';
import { ValidationError } from './errors.js';

/** Validates user input; the first problem becomes a one-line error naming the field. */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : what;
  const detail = describeIssue(issue);
  throw new ValidationError(`invalid ${where}: ${detail}`, `see 'track ${what} --help' for the accepted values`, {
    field: where,
  });
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid value';
  if (issue.code === 'too_big' && 'maximum' in issue) return `too long (at most ${String(issue.maximum)})`;
  if (issue.code === 'too_small' && 'minimum' in issue)
    return Number(issue.minimum) <= 1 ? 'must not be empty' : `too short (at least ${String(issue.minimum)})`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `must be one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_format') return 'has an invalid format (lowercase letters, digits and hyphens)';
  return issue.message;
}
