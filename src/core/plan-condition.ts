/**
 * Branch conditions of a `conditional-branch` step: a tiny, total language over earlier
 * outputs and a command's exit status. Grammar (no code is ever evaluated):
 *   always | else | true | false | <ref> | <ref> <op> <literal>, joined by && and ||
 *   ref:     exit_code | <step-id>.status | <step-id>.outputs.<name> | <step-id>.<name>
 *   op:      == != < > <= >=      literal: 'text', "text", a number or a bare word
 */
import { ValidationError } from './errors.js';

export interface ConditionScope {
  steps: ReadonlyMap<string, { status: string; outputs: Readonly<Record<string, string>> }>;
  exit_code?: number | undefined;
}

type Ref = { kind: 'exit_code' } | { kind: 'status'; step: string } | { kind: 'output'; step: string; name: string };
type Comparison = { ref: Ref; op: string; literal: string } | { ref: Ref; op: null } | { constant: boolean };

const COMPARISON = /^([a-z0-9_.-]+)\s*(==|!=|<=|>=|<|>)\s*(?:'([^']*)'|"([^"]*)"|(\S+))$/;
const REF_ONLY = /^[a-z0-9_.-]+$/;

function parseRef(text: string, condition: string): Ref {
  if (text === 'exit_code') return { kind: 'exit_code' };
  const [step, second, third, ...rest] = text.split('.');
  if (step && second === 'status' && third === undefined) return { kind: 'status', step };
  if (step && second === 'outputs' && third && rest.length === 0) return { kind: 'output', step, name: third };
  if (step && second && second !== 'outputs' && third === undefined) return { kind: 'output', step, name: second };
  throw badCondition(condition, `'${text}' is not exit_code, <step-id>.status or <step-id>.outputs.<name>`);
}

const badCondition = (condition: string, why: string) =>
  new ValidationError(
    `invalid branch condition '${condition.slice(0, 80)}': ${why}`,
    'write e.g. when: "step-001.outputs.result == \'ok\'" or when: exit_code == 0',
  );

function parseComparison(text: string, condition: string): Comparison {
  const t = text.trim();
  if (t === 'always' || t === 'else' || t === 'true') return { constant: true };
  if (t === 'false') return { constant: false };
  const m = COMPARISON.exec(t);
  if (m) return { ref: parseRef(m[1] as string, condition), op: m[2] as string, literal: m[3] ?? m[4] ?? m[5] ?? '' };
  if (REF_ONLY.test(t)) return { ref: parseRef(t, condition), op: null };
  throw badCondition(condition, `cannot read '${t.slice(0, 60)}'`);
}

/** Parsed as alternatives (||) of conjunctions (&&). */
export function parseCondition(condition: string): Comparison[][] {
  return condition.split('||').map((alt) => alt.split('&&').map((part) => parseComparison(part, condition)));
}

/** Step ids a condition reads, so plan validation can reject dangling references. */
export function conditionSteps(condition: string): string[] {
  const ids: string[] = [];
  for (const alt of parseCondition(condition)) for (const c of alt) if ('ref' in c && c.ref.kind !== 'exit_code') ids.push(c.ref.step);
  return ids;
}

function lookup(ref: Ref, scope: ConditionScope): string | undefined {
  if (ref.kind === 'exit_code') return scope.exit_code === undefined ? undefined : String(scope.exit_code);
  const step = scope.steps.get(ref.step);
  if (!step) return undefined;
  return ref.kind === 'status' ? step.status : step.outputs[ref.name];
}

function compare(actual: string | undefined, op: string, literal: string): boolean {
  if (actual === undefined) return op === '!=';
  const a = Number(actual);
  const b = Number(literal);
  const numeric = actual.trim() !== '' && literal.trim() !== '' && Number.isFinite(a) && Number.isFinite(b);
  switch (op) {
    case '==':
      return numeric ? a === b : actual === literal;
    case '!=':
      return numeric ? a !== b : actual !== literal;
    default: {
      if (!numeric) return false;
      if (op === '<') return a < b;
      if (op === '>') return a > b;
      if (op === '<=') return a <= b;
      return a >= b;
    }
  }
}

const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v !== 'false';

export function evaluateCondition(condition: string, scope: ConditionScope): boolean {
  return parseCondition(condition).some((alt) =>
    alt.every((c) => ('constant' in c ? c.constant : c.op === null ? truthy(lookup(c.ref, scope)) : compare(lookup(c.ref, scope), c.op, c.literal))),
  );
}

/** Index of the first branch whose condition holds, or -1. */
export function chooseBranch(branches: readonly { when: string }[], scope: ConditionScope): number {
  return branches.findIndex((b) => evaluateCondition(b.when, scope));
}
