/**
 * The parity table: every MCP tool with the CLI command that does the same job, one input given
 * to both faces, what their results must agree on, and bad inputs both must refuse with the same
 * error code. Where the faces differ on purpose (an option only one of them has, a result only
 * the CLI renders), the row names it with the reason; CLI commands no tool does are named below.
 */

export type FaceName = 'cli' | 'mcp';
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
const positional =
  (arg: string) =>
  (input: Input): string[] => [...(input[arg] === undefined ? [] : [String(input[arg])]), ...flags(input, [arg])];

const options = (input: Input): string[] => flags(input);

// ---- projections: each takes the CLI's result or the tool's and keeps what both must agree on ----

const idOf = (t: any) => (t ? { track_id: t.track_id, status: t.status } : undefined);
/** The same service result on both faces: compared whole (timestamps and checksums masked). */
const whole = (r: unknown) => r;
/** A lifecycle move: the CLI returns the documents, the tool a report of them. */
const moved = (r: any) => ({
  track: idOf(r.track),
  checkpoint: r.checkpoint?.checkpoint_id,
  paused: idOf(r.paused),
  conflicts: r.conflicts ?? [],
  cancelled_children: r.cancelled_children ?? [],
});
/** A new track: the CLI returns it (`create`: with its fields at the top), the tool its brief. */
const created = (r: any) => ({ ...idOf('track' in r ? r.track : r), conflicts: r.conflicts ?? [] });
/** `next` and the step closers: the CLI returns the documents, the tool a step report. */
const stepped = (r: any) => ({
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
const checkpointed = (r: any) => {
  const c = r.checkpoint ?? r;
  return { checkpoint_id: c.checkpoint_id, kind: c.kind, reason: c.reason, track: idOf(r.track) };
};
/** Markdown: the title and the section headings (hints name command lines on the CLI, tool calls over MCP). */
const headings = (text: string) => text.split('\n').filter((line) => line.startsWith('#'));

const NOPE = 'track-nope-001';
const notFound = (input: Input = {}): Refusal => ({ input: { ...input, track_id: NOPE }, code: 'NOT_FOUND' });

export const ROWS: ParityRow[] = [
  {
    tool: 'context',
    command: 'context',
    from: 'active',
    input: { track_id: 'track-auth-001', budget: 2000 },
    cli: (i) => [...options(i), '--format', 'md', '--no-git'],
    text: true,
    project: (r) => headings(r),
    refusals: [notFound(), { input: { budget: 0 }, code: 'VALIDATION' }],
    cliOnly: {
      format: 'the CLI also prints the primer as JSON; the tool returns Markdown, what an agent reads',
      'no-git': 'the tool never runs git (a tool call answers without waiting on git); the CLI runs it unless told not to',
    },
    differs: 'next steps are command lines on the CLI and tool calls over MCP',
  },
  {
    tool: 'list',
    command: 'list',
    from: 'base',
    input: { status: ['draft', 'cancelled'], priority: ['P1', 'P2'] },
    cli: options,
    project: whole,
    refusals: [{ input: { status: ['bogus'] }, code: 'VALIDATION' }],
    cliOnly: { tree: 'draws the parent/sub-track hierarchy: a terminal presentation of the same list' },
  },
  {
    tool: 'show',
    command: 'show',
    from: 'base',
    input: { track_id: 'track-auth-001' },
    cli: positional('track_id'),
    project: whole,
    refusals: [notFound()],
  },
  {
    tool: 'create',
    command: 'create',
    from: 'base',
    input: {
      name: 'Form',
      goal: 'A sign-in form',
      type: 'bugfix',
      priority: 'P1',
      description: 'the form itself',
      success_criteria: ['it renders', 'it submits'],
      tags: ['ui', 'auth'],
      parent: 'track-auth-001',
      target_files: ['src/auth/form.ts'],
      target_directories: ['src/ui'],
    },
    cli: options,
    project: created,
    refusals: [
      { input: { name: 'Again', goal: 'g', id: 'track-auth-001' }, code: 'CONFLICT' },
      { input: { name: 'Orphan', goal: 'g', parent: NOPE }, code: 'NOT_FOUND' },
    ],
    cliOnly: { plan: "reads a plan file from the user's disk; over MCP the plan is built with step_add" },
  },
  {
    tool: 'activate',
    command: 'activate',
    from: 'base',
    input: { track_id: 'track-auth-001', reason: 'go' },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-login-002' }, code: 'ACTIVE_TRACK_EXISTS' }, notFound()],
  },
  {
    tool: 'pause',
    command: 'pause',
    from: 'active',
    input: { track_id: 'track-auth-001', reason: 'lunch' },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-login-002' }, code: 'INVALID_STATE' }, notFound()],
  },
  {
    tool: 'resume',
    command: 'resume',
    from: 'paused',
    input: { track_id: 'track-auth-001', reason: 'back' },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-auth-001' }, code: 'INVALID_STATE' }, notFound()],
  },
  {
    tool: 'switch',
    command: 'switch',
    from: 'active',
    input: { to: 'track-login-002', reason: 'urgent' },
    cli: options,
    project: moved,
    refusals: [
      { input: { to: NOPE }, code: 'NOT_FOUND' },
      { input: { to: 'track-spike-003' }, code: 'INVALID_STATE' },
    ],
    renames: { 'track-id': 'to' },
  },
  {
    tool: 'complete',
    command: 'complete',
    from: 'active',
    input: { track_id: 'track-auth-001', reason: 'enough', force: true },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-login-002' }, code: 'INVALID_STATE' }, notFound()],
  },
  {
    tool: 'next',
    command: 'next',
    from: 'active',
    input: { agent: 'parity' },
    cli: options,
    project: stepped,
    refusals: [{ input: { track_id: 'track-login-002' }, code: 'INVALID_STATE' }, notFound()],
    mcpOnly: { step_id: "the CLI's `track step <step-id>` runs a chosen step" },
  },
  {
    tool: 'step_complete',
    command: 'step complete',
    from: 'handed',
    input: { step_id: 'step-002', agent: 'parity', notes: 'written', outputs: { form: 'src/auth/form.ts' } },
    cli: options,
    project: stepped,
    refusals: [
      { input: { step_id: 'step-002', agent: 'parity' }, code: 'INVALID_STATE' },
      { input: { step_id: 'step-099' }, code: 'NOT_FOUND' },
    ],
  },
  {
    tool: 'step_reset',
    command: 'step reset',
    from: 'handed',
    input: { step_id: 'step-002', agent: 'parity', notes: 'again' },
    cli: options,
    project: stepped,
    refusals: [{ input: { step_id: 'step-099' }, code: 'NOT_FOUND' }, notFound({ step_id: 'step-002' })],
  },
  {
    tool: 'run_logs',
    command: 'logs',
    from: 'handed',
    input: { run_id: 'run-001', stream: 'stdout', max_bytes: 100 },
    cli: positional('run_id'),
    text: true,
    project: (r) => r.replace(/\n$/, ''),
    refusals: [{ input: { run_id: 'run-099' }, code: 'NOT_FOUND' }, notFound()],
  },
  {
    tool: 'decide',
    command: 'decide',
    from: 'active',
    input: { title: 'Use PKCE with S256', rationale: 'public client', alternatives: ['implicit flow', 'plain PKCE'], supersedes: 'dec-001' },
    cli: positional('title'),
    project: whole,
    refusals: [{ input: { title: 'x', supersedes: 'dec-099' }, code: 'NOT_FOUND' }, notFound({ title: 'x' })],
  },
  {
    tool: 'checkpoint',
    command: 'checkpoint',
    from: 'active',
    input: { reason: 'before the refactor' },
    cli: options,
    project: checkpointed,
    refusals: [notFound(), { input: { track_id: 'Not an id' }, code: 'VALIDATION' }],
  },
  {
    tool: 'get_active',
    command: 'get-active',
    from: 'active',
    input: {},
    cli: options,
    project: whole,
    refusals: 'it takes no input',
  },
  {
    tool: 'ready',
    command: 'ready',
    from: 'base',
    input: { track_id: 'track-login-002', reason: 'planned' },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-spike-003' }, code: 'INVALID_STATE' }, notFound()],
  },
  {
    tool: 'fail',
    command: 'fail',
    from: 'active',
    input: { track_id: 'track-auth-001', reason: 'blocked upstream' },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-spike-003' }, code: 'INVALID_STATE' }, notFound()],
  },
  {
    tool: 'cancel',
    command: 'cancel',
    from: 'base',
    input: { track_id: 'track-login-002', reason: 'dropped', cascade: true },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-login-002' }, code: 'INVALID_STATE' }, notFound()],
  },
  {
    tool: 'archive',
    command: 'archive',
    from: 'base',
    input: { track_id: 'track-spike-003', reason: 'old' },
    cli: positional('track_id'),
    project: moved,
    refusals: [{ input: { track_id: 'track-auth-001' }, code: 'INVALID_STATE' }, notFound()],
  },
  {
    tool: 'update',
    command: 'update',
    from: 'base',
    input: { track_id: 'track-auth-001', field: 'tags', value: 'security,web', reason: 'triage' },
    cli: positional('track_id'),
    project: (r: any) => ({ field: r.field, track: idOf(r.track), checkpoint: r.checkpoint?.checkpoint_id }),
    refusals: [
      { input: { track_id: 'track-auth-001', field: 'priority', value: 'P9' }, code: 'VALIDATION' },
      { input: { track_id: 'track-auth-001', field: 'status', value: 'archived' }, code: 'INVALID_STATE' },
      notFound({ field: 'priority', value: 'P0' }),
    ],
  },
  {
    tool: 'history',
    command: 'history',
    from: 'paused',
    input: { track_id: 'track-auth-001' },
    cli: positional('track_id'),
    project: whole,
    refusals: [notFound()],
  },
  {
    tool: 'status',
    command: 'status',
    from: 'handed',
    input: { track_id: 'track-auth-001' },
    cli: positional('track_id'),
    project: whole,
    refusals: [notFound()],
  },
  {
    tool: 'step_add',
    command: 'step add',
    from: 'active',
    input: {
      step_id: 'step-test',
      name: 'Run the tests',
      type: 'testing',
      action_type: 'run-command',
      command: 'npm test',
      description: 'the whole suite',
      depends_on: ['step-001'],
      success_criteria: ['green'],
      timeout_minutes: 5,
      max_attempts: 3,
      backoff: 'linear',
      delay_seconds: 2,
    },
    cli: options,
    project: whole,
    refusals: [
      { input: { name: 'x', action_type: 'manual', depends_on: ['step-099'] }, code: 'VALIDATION' },
      { input: { name: 'x', action_type: 'manual', step_id: 'step-001' }, code: 'CONFLICT' },
      notFound({ name: 'x', action_type: 'manual' }),
    ],
  },
  {
    tool: 'step_fail',
    command: 'step fail',
    from: 'handed',
    input: { step_id: 'step-002', agent: 'parity', notes: 'the API is down' },
    cli: options,
    project: stepped,
    refusals: [
      { input: { step_id: 'step-001', agent: 'parity' }, code: 'INVALID_STATE' },
      { input: { step_id: 'step-099' }, code: 'NOT_FOUND' },
    ],
  },
  {
    tool: 'step_skip',
    command: 'step skip',
    from: 'handed',
    input: { step_id: 'step-003', notes: 'not needed' },
    cli: options,
    project: stepped,
    refusals: [
      { input: { step_id: 'step-001' }, code: 'INVALID_STATE' },
      { input: { step_id: 'step-002', agent: 'someone' }, code: 'CONFLICT' },
      { input: { step_id: 'step-099' }, code: 'NOT_FOUND' },
    ],
  },
  {
    tool: 'step_approve',
    command: 'step approve',
    from: 'active',
    input: { step_id: 'step-003', agent: 'lead', notes: 'looks right', outputs: { ticket: 'SEC-1' } },
    cli: options,
    project: stepped,
    refusals: [
      { input: { step_id: 'step-002', agent: 'lead' }, code: 'VALIDATION' },
      { input: { step_id: 'step-003', agent: 'lead' }, code: 'INVALID_STATE' },
      { input: { step_id: 'step-099', agent: 'lead' }, code: 'NOT_FOUND' },
    ],
  },
  {
    tool: 'step_release',
    command: 'step release',
    from: 'handed',
    input: { step_id: 'step-002', agent: 'parity', notes: 'handing over' },
    cli: options,
    project: stepped,
    refusals: [
      { input: { step_id: 'step-001', agent: 'parity' }, code: 'INVALID_STATE' },
      { input: { step_id: 'step-099' }, code: 'NOT_FOUND' },
    ],
  },
  {
    tool: 'assume',
    command: 'assume',
    from: 'active',
    input: { text: 'the IdP allows 100 requests/s', track_id: 'track-login-002' },
    cli: positional('text'),
    project: whole,
    refusals: [notFound({ text: 'x' })],
    cliOnly: {
      validate: 'closes an assumption: the assumption_resolve tool',
      invalidate: 'closes an assumption: the assumption_resolve tool',
      evidence: 'goes with closing an assumption: the assumption_resolve tool',
    },
  },
  {
    tool: 'assumption_resolve',
    command: 'assume',
    from: 'active',
    input: { id: 'asm-001', outcome: 'invalidated', evidence: 'the load test' },
    cli: ({ id, outcome, ...rest }) => [outcome === 'validated' ? '--validate' : '--invalidate', String(id), ...flags(rest)],
    project: whole,
    refusals: [
      { input: { id: 'asm-001', outcome: 'validated' }, code: 'INVALID_STATE' },
      { input: { id: 'asm-099', outcome: 'validated' }, code: 'NOT_FOUND' },
    ],
    renames: { validate: 'id', invalidate: 'id' },
    mcpOnly: { outcome: 'the CLI says it by the option it takes the id with: --validate or --invalidate' },
    cliOnly: { text: 'records a new assumption: the assume tool' },
  },
  {
    tool: 'learn',
    command: 'learn',
    from: 'active',
    input: { text: 'the IdP caches keys for an hour' },
    cli: positional('text'),
    project: whole,
    refusals: [notFound({ text: 'x' })],
  },
  {
    tool: 'artifact_add',
    command: 'artifact add',
    from: 'active',
    input: { file: 'plan.md', name: 'the-plan.md' },
    cli: positional('file'),
    project: whole,
    refusals: [
      { input: { file: 'missing.md' }, code: 'NOT_FOUND' },
      { input: { file: '/etc/hostname' }, code: 'UNSAFE_PATH' },
    ],
  },
  {
    tool: 'artifact_list',
    command: 'artifact list',
    from: 'active',
    input: { track_id: 'track-auth-001' },
    cli: options,
    project: whole,
    refusals: [notFound()],
  },
  {
    tool: 'checkpoints',
    command: 'checkpoints',
    from: 'active',
    input: { track_id: 'track-auth-001' },
    cli: options,
    project: whole,
    refusals: [notFound()],
  },
  {
    tool: 'checkpoint_verify',
    command: 'checkpoint verify',
    from: 'damaged',
    input: { checkpoint_id: 'checkpoint-002' },
    cli: positional('checkpoint_id'),
    project: (r: any) => ({ track_id: r.track_id, results: r.results }),
    refusals: [
      { input: { checkpoint_id: 'checkpoint-001' }, code: 'CHECKSUM_MISMATCH' },
      { input: { all: true }, code: 'CHECKSUM_MISMATCH' },
      { input: { checkpoint_id: 'checkpoint-099' }, code: 'NOT_FOUND' },
      notFound(),
    ],
  },
  {
    tool: 'restore',
    command: 'restore',
    from: 'handed',
    input: { checkpoint_id: 'checkpoint-001' },
    cli: options,
    project: (r: any) => ({ track: idOf(r.track), restored_from: r.restored_from, safety_checkpoint: r.safety_checkpoint.checkpoint_id }),
    refusals: [{ input: { checkpoint_id: 'checkpoint-099' }, code: 'NOT_FOUND' }, notFound({ checkpoint_id: 'checkpoint-001' })],
  },
  {
    tool: 'template_create',
    command: 'template create',
    from: 'base',
    input: { template: 'bugfix', name: 'Login crash', goal: 'No 500 on login', priority: 'P0', parent: 'track-auth-001', vars: { issue: '#7' } },
    cli: options,
    project: created,
    refusals: [
      { input: { template: 'nope', name: 'x' }, code: 'NOT_FOUND' },
      { input: { template: 'bugfix', name: 'x', goal: 'g', id: 'track-auth-001' }, code: 'CONFLICT' },
      { input: { template: 'bugfix', name: 'x' }, code: 'VALIDATION' },
    ],
  },
  {
    tool: 'conflicts',
    command: 'conflicts',
    from: 'base',
    input: { track_id: 'track-auth-001' },
    cli: positional('track_id'),
    project: whole,
    refusals: [notFound()],
  },
  {
    tool: 'stats',
    command: 'stats',
    from: 'paused',
    input: { type: ['feature'], since: '2020-01-01' },
    cli: options,
    project: whole,
    refusals: [{ input: { since: 'soon' }, code: 'VALIDATION' }],
    cliOnly: { html: 'also writes a report file with charts: a presentation of the same figures' },
  },
];

/** CLI commands that no MCP tool does, and why. */
export const CLI_ONLY: Record<string, string> = {
  init: 'sets up a project (tracks root, skill files, hooks): run once by a human before any agent connects',
  uninstall: 'removes what init wrote, a setup step like init',
  mcp: 'is the MCP server itself',
  'hook session-start': "is Claude Code's SessionStart hook; over MCP the same primer is the context tool and the track://active/context resource",
  'hook pre-compact': "is Claude Code's PreCompact hook; over MCP the checkpoint tool does the same",
  schema: 'prints the JSON Schema of track.json for editors and tools; every tool publishes its own input schema',
  doctor: 'checks and repairs the store as a whole, a maintenance task for a human',
  step: 'runs a chosen step: the next tool with step_id',
  'step edit': 'edits the plan; the tools add steps (step_add), plan editing stays with the human',
  'step remove': 'edits the plan (see step edit)',
  'step move': 'edits the plan (see step edit)',
  'plan set': 'replaces the plan from a file on disk (see create --plan)',
  'plan show': 'a terminal view of the plan; show returns the plan as part of the track',
  runs: 'lists the run records; status gives the last run, run_logs reads any',
  decisions: 'lists decisions: the context tool and show carry them',
  assumptions: 'lists assumptions: the context tool carries the open ones',
  learnings: 'lists learnings: the context tool carries them',
  'artifact show': "an artifact's metadata: artifact_list returns it for every artifact",
  'artifact get': "prints an artifact's bytes to a terminal or a file",
  'context share': 'copies items between tracks, a curation step for a human',
  'template list': 'lists templates for a human choosing one; template_create names a missing one with the list',
  'template show': 'shows one template for a human choosing one',
  'template save': 'writes a user template file into the project',
  progress: "a sub-track tree's aggregated progress, drawn for a terminal",
  export: "writes a bundle file for moving a track between projects (a human's task)",
  import: 'reads a bundle file from another project (see export)',
};
