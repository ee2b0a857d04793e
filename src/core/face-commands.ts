/**
 * The commands hints, the primer and step reports tell a user or an agent to run, phrased for the
 * face it talks to: a `track` command line for the CLI and hooks, a tool call for MCP. An MCP face
 * names only tools its server serves: `mcp` is the default (core) tool set, `mcp-all` every tool
 * (`track mcp --all-tools`); what no served tool does is the command line to run in a shell.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Face = 'cli' | 'mcp' | 'mcp-all';

export const isMcp = (face: Face): face is 'mcp' | 'mcp-all' => face !== 'cli';

/** Arguments by the MCP tools' names (`track_id`, `step_id`); the CLI spells them `--track-id`, `--step-id`. */
export type Args = Record<string, string | number | boolean | string[] | Record<string, string> | undefined>;

interface Form {
  /** The CLI command words after `track`. */
  cli: string;
  /** The MCP tool that does the same; none for what only the CLI does (export, import, doctor, …). */
  tool?: string;
  /** The argument the CLI takes as a positional. */
  positional?: string;
  /** Only in the full MCP tool set (`track mcp --all-tools`). */
  extended?: true;
  /** The core tool that does the job in the default set, when this one is extended. */
  core?: Form;
  /** Arguments only the CLI command takes: a call with one of them is given as the command line. */
  cliOnly?: readonly string[];
}

const CONTEXT: Form = { cli: 'context', tool: 'context', cliOnly: ['format'] };
const NEXT: Form = { cli: 'next', tool: 'next' };

/** One row per CLI command an action maps to; a test keeps the tool names and sets true to the server's. */
const FORMS = {
  init: { cli: 'init' },
  create: { cli: 'create', tool: 'create' },
  ready: { cli: 'ready', tool: 'ready', positional: 'track_id', extended: true },
  activate: { cli: 'activate', tool: 'activate', positional: 'track_id' },
  pause: { cli: 'pause', tool: 'pause', positional: 'track_id' },
  resume: { cli: 'resume', tool: 'resume', positional: 'track_id' },
  switch: { cli: 'switch', tool: 'switch' },
  complete: { cli: 'complete', tool: 'complete', positional: 'track_id' },
  fail: { cli: 'fail', tool: 'fail', positional: 'track_id', extended: true },
  cancel: { cli: 'cancel', tool: 'cancel', positional: 'track_id', extended: true },
  archive: { cli: 'archive', tool: 'archive', positional: 'track_id', extended: true },
  show: { cli: 'show', tool: 'show', positional: 'track_id' },
  list: { cli: 'list', tool: 'list' },
  update: { cli: 'update', tool: 'update', positional: 'track_id', extended: true },
  context: CONTEXT,
  context_share: { cli: 'context share' },
  status: { cli: 'status', tool: 'status', extended: true, core: CONTEXT },
  next: NEXT,
  step: { cli: 'step', tool: 'next' },
  step_complete: { cli: 'step complete', tool: 'step_complete' },
  step_reset: { cli: 'step reset', tool: 'step_reset' },
  step_skip: { cli: 'step skip', tool: 'step_skip', extended: true },
  step_approve: { cli: 'step approve', tool: 'step_approve', extended: true },
  step_release: { cli: 'step release', tool: 'step_release', extended: true },
  step_fail: { cli: 'step fail', tool: 'step_fail', extended: true },
  step_add: { cli: 'step add', tool: 'step_add', extended: true },
  step_edit: { cli: 'step edit' },
  plan_set: { cli: 'plan set', positional: 'file' },
  runs: { cli: 'runs' },
  run_logs: { cli: 'logs', tool: 'run_logs', positional: 'run_id' },
  decide: { cli: 'decide', tool: 'decide' },
  decisions: { cli: 'decisions' },
  assume: { cli: 'assume', tool: 'assume', extended: true },
  assumptions: { cli: 'assumptions' },
  learn: { cli: 'learn', tool: 'learn', extended: true },
  learnings: { cli: 'learnings' },
  artifact_add: { cli: 'artifact add', tool: 'artifact_add', positional: 'file', extended: true },
  artifact_list: { cli: 'artifact list', tool: 'artifact_list', extended: true },
  checkpoint: { cli: 'checkpoint', tool: 'checkpoint' },
  checkpoints: { cli: 'checkpoints', tool: 'checkpoints', extended: true },
  checkpoint_verify: { cli: 'checkpoint verify', tool: 'checkpoint_verify', positional: 'checkpoint_id', extended: true },
  restore: { cli: 'restore', tool: 'restore', extended: true },
  template_list: { cli: 'template list' },
  template_save: { cli: 'template save' },
  template_create: { cli: 'template create', tool: 'template_create', extended: true },
  stats: { cli: 'stats', tool: 'stats', extended: true },
  export: { cli: 'export', positional: 'track_id' },
  import: { cli: 'import', positional: 'file' },
  doctor: { cli: 'doctor' },
  trust: { cli: 'trust', positional: 'track_id' },
  'db migrate': { cli: 'db migrate' },
  'db copy': { cli: 'db copy' },
  watch: { cli: 'watch' },
  lanes: { cli: 'lanes' },
  worktree_add: { cli: 'worktree add', positional: 'track_id' },
  worktree_remove: { cli: 'worktree remove', positional: 'path' },
} satisfies Record<string, Form>;

export type Action = keyof typeof FORMS;

/** Every MCP tool these phrases name, and whether only the full set serves it (a test keeps this true to the tools). */
export const namedTools = (): Array<{ tool: string; extended: boolean }> =>
  Object.values(FORMS).flatMap((form: Form) => (form.tool ? [{ tool: form.tool, extended: form.extended === true }] : []));

/** The action of a CLI command, e.g. `step add` → `step_add`. */
export const actionOf = (words: string): Action | undefined => (Object.keys(FORMS) as Action[]).find((a) => FORMS[a].cli === words);

/** The MCP tool of an action, if any tool does it. */
export const toolOf = (action: Action): string | undefined => (FORMS[action] as Form).tool;

/** CLI options not spelled like the tool argument. */
const FLAGS: Record<string, string> = { checkpoint_id: 'checkpoint', max_bytes: 'bytes', vars: 'var', approvers: 'approver' };

/** The CLI option of an argument, e.g. `--track-id`. */
export const flag = (arg: string): string => `--${(FLAGS[arg] ?? arg).replaceAll('_', '-')}`;

const SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
/** `<id>`, `ID`, `FILE` and the like are placeholders for the reader to fill in, not words to quote. */
const PLACEHOLDER = /^<[a-z-]+>$/;
export const shellWord = (s: string): string =>
  // An empty value is written "" so that it reads clearly inside a hint that quotes the command in '…'.
  s === '' ? '""' : SHELL_SAFE.test(s) || PLACEHOLDER.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;

/** An argument as CLI words: `--track-id X`, `--force`, `--var k=v` (once per list item or map entry). */
export function optionWords(arg: string, value: Args[string]): string[] {
  if (value === undefined || value === false) return [];
  if (value === true) return [flag(arg)];
  if (Array.isArray(value)) return value.flatMap((v) => [flag(arg), shellWord(v)]);
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [flag(arg), shellWord(`${k}=${v}`)]);
  return [flag(arg), shellWord(String(value))];
}

/** The command line of an action, e.g. `track resume track-a-001`. */
/**
 * Arguments only one face has: the CLI's global `--lane` (a tool acts in the lane of its `cwd`) and
 * the tools' `cwd` (a command line acts in the directory it runs in).
 */
const CLI_ONLY_ARGS: ReadonlySet<string> = new Set(['lane']);
const MCP_ONLY_ARGS: ReadonlySet<string> = new Set(['cwd']);

/**
 * Options every command this process suggests carries: the `--root` and `--lane` the user named,
 * which later commands need as much as this one did; per MCP call, the `cwd` it was given.
 */
let carried: Args = {};
const carriedPerCall = new AsyncLocalStorage<Args>();

export function carryOptions(options: Args): void {
  carried = given(options);
}

/** Runs `fn` with `options` carried by every command or tool call suggested inside it (one MCP call). */
export function withCarried<T>(options: Args, fn: () => T): T {
  return carriedPerCall.run(given(options), fn);
}

/** The carried options the args do not set already, without those of the other face. */
function carriedFor(args: Args, otherFace: ReadonlySet<string>): Args {
  const now = carriedPerCall.getStore() ?? carried;
  return Object.fromEntries(Object.entries(now).filter(([key]) => args[key] === undefined && !otherFace.has(key)));
}

export function commandLine(action: Action, args: Args = {}): string {
  const form: Form = FORMS[action];
  const words = ['track', form.cli];
  const positional = form.positional ? args[form.positional] : undefined;
  const inPlace = typeof positional === 'string' || typeof positional === 'number';
  if (inPlace) words.push(shellWord(String(positional)));
  for (const [key, value] of Object.entries({ ...args, ...carriedFor(args, MCP_ONLY_ARGS) })) {
    if (!(inPlace && key === form.positional) && !MCP_ONLY_ARGS.has(key)) words.push(...optionWords(key, value));
  }
  return words.join(' ');
}

const given = (args: Args): Args => Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));

/**
 * The tool call of an action on this face, e.g. `resume {"track_id":"track-a-001"}`, or null when
 * no tool the face serves does it: only the CLI has the command or the argument, or it is in the
 * full set only and no core tool stands in for it.
 */
export function toolCall(face: Face, action: Action, args: Args = {}): string | null {
  if (face === 'cli') return null;
  const form: Form = FORMS[action];
  if (!form.tool || Object.keys(given(args)).some((k) => form.cliOnly?.includes(k))) return null;
  const served = face === 'mcp-all' || !form.extended ? form : form.core;
  const toolArgs = Object.fromEntries(Object.entries({ ...given(args), ...carriedFor(args, CLI_ONLY_ARGS) }).filter(([key]) => !CLI_ONLY_ARGS.has(key)));
  return served?.tool ? `${served.tool} ${JSON.stringify(toolArgs)}` : null;
}

/** Where an action's arguments are listed: the CLI's `--help`, the tool's input schema. */
export function usage(face: Face, action: Action): string {
  const form: Form = FORMS[action];
  if (face !== 'cli' && form.tool && toolCall(face, action) !== null) return `\`${form.tool}\`'s input schema (tools/list)`;
  return face === 'cli' ? `'track ${form.cli} --help'` : `\`track ${form.cli} --help\``;
}

/**
 * "run `…`" for a command line, "call `…`" for a tool. The default MCP set never names a tool it
 * lacks: it names the core tool that does the job, or else the command line to run in a shell.
 */
export function say(face: Face, action: Action, args: Args = {}): string {
  const call = toolCall(face, action, args);
  if (call) return `call \`${call}\``;
  const line = commandLine(action, args);
  return face === 'cli' ? `run \`${line}\`` : `run \`${line}\` in a shell (no tool for it in this server's set)`;
}
