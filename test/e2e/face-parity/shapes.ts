/**
 * The shape of a parity row, the CLI spelling of tool arguments, and the projections that keep
 * what a CLI result and a tool result must agree on.
 */

export type FaceName = 'cli' | 'mcp' | 'http';
export type Input = Record<string, unknown>;

/**
 * The stores a row starts from (built once through the CLI, then copied for each face):
 * - base: Auth (track-auth-001, draft, targets src/auth/**, a plan of a command step, a manual step
 *   and an approval step, a decision, an open assumption), Login (track-login-002, draft, targets
 *   src/auth/login.ts) with its sub-track Docs (track-docs-004, draft), Spike (track-spike-003,
 *   cancelled); notes.md and plan.md in the project.
 * - active: base with Auth active, notes.md an artifact of it, and a checkpoint.
 * - handed: active after `next` ran step-001 (`echo built`, run-001) and handed step-002 to the agent `parity`.
 * - paused: active with Auth paused.
 * - damaged: active with a second checkpoint, and the first one's recorded reason changed (its checksum no longer holds).
 */
export type Fixture = 'base' | 'active' | 'handed' | 'paused' | 'damaged';

export interface Refusal {
  input: Input;
  code: string;
}

export interface ParityRow {
  tool: string;
  /** The CLI command (the words after `track`). */
  command: string;
  from: Fixture;
  input: Input;
  /** The CLI arguments after the command words for an input (the test adds --json). */
  cli(input: Input): string[];
  /** The part of a face's result both must agree on; it gets either face's result shape. */
  project(result: any, face: FaceName): unknown;
  /** Bad inputs, tried after `input` on the stores it left, or why a tool has none. */
  refusals: Refusal[] | string;
  /** The tool's result is the text the CLI prints: the CLI runs without --json and `project` gets its stdout. */
  text?: true;
  /** CLI option (or positional) → the tool argument it is, where the names differ beyond `-`/`_` and FLAGS. */
  renames?: Record<string, string>;
  /** CLI options no tool argument matches, with the reason. */
  cliOnly?: Record<string, string>;
  /** Tool arguments no CLI option matches, with the reason. */
  mcpOnly?: Record<string, string>;
  /** How the results differ on purpose, beyond what `project` leaves out. */
  differs?: string;
  /** The board's HTTP API serves it too (`POST api/actions/<tool>`, the same input): its result and refusals must agree as well. */
  http?: true;
}

/** CLI options spelled otherwise than their tool argument (besides `-` for `_`). */
export const FLAGS: Record<string, string> = {
  checkpoint_id: 'checkpoint',
  vars: 'var',
  approvers: 'approver',
  outputs: 'output',
  target_files: 'target-file',
  target_directories: 'target-dir',
  tags: 'tag',
  max_bytes: 'bytes',
};

/** The tool argument of a CLI option or positional name. */
export const argOf = (option: string): string => Object.entries(FLAGS).find(([, flag]) => flag === option)?.[0] ?? option.replaceAll('-', '_');

/** Tool arguments as CLI options: `--track-id X`, a list as the option once per item, a map as `--var k=v`, true as the bare flag. */
export function flags(input: Input, skip: readonly string[] = []): string[] {
  return Object.entries(input).flatMap(([arg, value]) => {
    if (skip.includes(arg) || value === undefined || value === false) return [];
    const flag = `--${(FLAGS[arg] ?? arg).replaceAll('_', '-')}`;
    if (value === true) return [flag];
    if (Array.isArray(value)) return value.flatMap((v) => [flag, String(v)]);
    if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [flag, `${k}=${v}`]);
    return [flag, String(value)];
  });
}

/** The argument given as the command's positional, the rest as options. */
export const positional =
  (arg: string) =>
  (input: Input): string[] => [...(input[arg] === undefined ? [] : [String(input[arg])]), ...flags(input, [arg])];

export const options = (input: Input): string[] => flags(input);

// ---- projections: each takes the CLI's result or the tool's and keeps what both must agree on ----

export const idOf = (t: any) => (t ? { track_id: t.track_id, status: t.status } : undefined);
/** The same service result on both faces: compared whole (timestamps and checksums masked). */
export const whole = (r: unknown) => r;
/** A lifecycle move: the CLI returns the documents, the tool a report of them. */
export const moved = (r: any) => ({
  track: idOf(r.track),
  checkpoint: r.checkpoint?.checkpoint_id,
  paused: idOf(r.paused),
  conflicts: r.conflicts ?? [],
  cancelled_children: r.cancelled_children ?? [],
});
/** A new track: the CLI returns it (`create`: with its fields at the top), the tool its brief. */
export const created = (r: any) => ({ ...idOf('track' in r ? r.track : r), conflicts: r.conflicts ?? [] });
/** `next` and the step closers: the CLI returns the documents, the tool a step report. */
export const stepped = (r: any) => ({
  kind: r.kind ?? r.action,
  track: idOf(r.track),
  step: r.step && {
    step_id: r.step.step_id,
    status: r.step.status,
    holder: r.step.claim?.holder ?? r.step.holder,
    outputs: r.step.outputs,
    notes: r.step.notes,
  },
  // The report leaves out a run that executed no command (an agent's step): its step says it all.
  run: r.run && (r.run.logs === undefined || r.run.logs.length > 0) ? { run_id: r.run.run_id, status: r.run.status } : undefined,
  checkpoint_id: r.checkpoint_id,
  ready_to_complete: r.ready_to_complete,
});
export const checkpointed = (r: any) => {
  const c = r.checkpoint ?? r;
  return { checkpoint_id: c.checkpoint_id, kind: c.kind, reason: c.reason, track: idOf(r.track) };
};
/** Markdown: the title and the section headings (hints name command lines on the CLI, tool calls over MCP). */
export const headings = (text: string) => text.split('\n').filter((line) => line.startsWith('#'));

export const NOPE = 'track-nope-001';
export const notFound = (input: Input = {}): Refusal => ({ input: { ...input, track_id: NOPE }, code: 'NOT_FOUND' });
