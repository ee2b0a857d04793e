/**
 * The commands the primer and step reports tell an agent to run, phrased for the face it talks
 * to: a `track` command line for the CLI and hooks, a tool call for MCP. An MCP face names only
 * tools its server serves: `mcp` is the default (core) tool set, `mcp-all` every tool
 * (`track mcp --all-tools`).
 */
export type Face = 'cli' | 'mcp' | 'mcp-all';

export const isMcp = (face: Face): face is 'mcp' | 'mcp-all' => face !== 'cli';

type Args = Record<string, string | number | string[] | undefined>;

interface Form {
  /** The CLI command words after `track`. */
  cli: string;
  /** The MCP tool name. */
  tool: string;
  /** The argument the CLI takes as a positional. */
  positional?: string;
  /** Only in the full MCP tool set (`track mcp --all-tools`). */
  extended?: true;
  /** The core tool that does the job in the default set, when this one is extended. */
  core?: Form;
}

const CONTEXT: Form = { cli: 'context', tool: 'context' };

const FORMS = {
  resume: { cli: 'resume', tool: 'resume', positional: 'track_id' },
  switch: { cli: 'switch', tool: 'switch' },
  activate: { cli: 'activate', tool: 'activate', positional: 'track_id' },
  complete: { cli: 'complete', tool: 'complete', positional: 'track_id' },
  context: CONTEXT,
  list: { cli: 'list', tool: 'list' },
  next: { cli: 'next', tool: 'next' },
  show: { cli: 'show', tool: 'show', positional: 'track_id' },
  status: { cli: 'status', tool: 'status', extended: true, core: CONTEXT },
  step_complete: { cli: 'step complete', tool: 'step_complete' },
  step_reset: { cli: 'step reset', tool: 'step_reset' },
  step_approve: { cli: 'step approve', tool: 'step_approve', extended: true },
  step_release: { cli: 'step release', tool: 'step_release', extended: true },
  step_fail: { cli: 'step fail', tool: 'step_fail', extended: true },
  step_add: { cli: 'step add', tool: 'step_add', extended: true },
  run_logs: { cli: 'logs', tool: 'run_logs', positional: 'run_id' },
} satisfies Record<string, Form>;

export type Action = keyof typeof FORMS;

/** Every MCP tool these phrases name, and whether only the full set serves it (a test keeps this true to the tools). */
export const namedTools = (): Array<{ tool: string; extended: boolean }> =>
  Object.values(FORMS).map((form: Form) => ({ tool: form.tool, extended: form.extended === true }));

const SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
/** `<id>` and the like are placeholders for the reader to fill in, not words to quote. */
const PLACEHOLDER = /^<[a-z-]+>$/;
const shellWord = (s: string): string => (SHELL_SAFE.test(s) || PLACEHOLDER.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/** The command line of an action, e.g. `track resume track-a-001`. */
function commandLine(form: Form, args: Args): string {
  const given = Object.entries(args).filter((e): e is [string, string | number | string[]] => e[1] !== undefined);
  const words = ['track', form.cli];
  const positional = form.positional ? args[form.positional] : undefined;
  if (positional !== undefined && !Array.isArray(positional)) words.push(shellWord(String(positional)));
  for (const [key, value] of given) {
    if (key === form.positional) continue;
    for (const v of Array.isArray(value) ? value : [value]) words.push(`--${key.replaceAll('_', '-')}`, shellWord(String(v)));
  }
  return words.join(' ');
}

/** A tool call, e.g. `resume {"track_id":"track-a-001"}`. */
const toolCall = (form: Form, args: Args): string =>
  `${form.tool} ${JSON.stringify(Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)))}`;

/**
 * "run `…`" for a command line, "call `…`" for a tool. The default MCP set never names a tool it
 * lacks: it names the core tool that does the job, or else the command line to run in a shell.
 */
export function say(face: Face, action: Action, args: Args = {}): string {
  const form: Form = FORMS[action];
  if (face === 'cli') return `run \`${commandLine(form, args)}\``;
  if (face === 'mcp-all' || !form.extended) return `call \`${toolCall(form, args)}\``;
  if (form.core) return `call \`${toolCall(form.core, args)}\``;
  return `run \`${commandLine(form, args)}\` in a shell (no tool for it in this server's set)`;
}
