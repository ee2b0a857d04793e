/**
 * The commands the primer and step reports tell an agent to run, phrased for the face it talks
 * to: a `track` command line for the CLI and hooks, a tool call for MCP.
 */
export type Face = 'cli' | 'mcp';

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
}

const FORMS = {
  resume: { cli: 'resume', tool: 'resume', positional: 'track_id' },
  activate: { cli: 'activate', tool: 'activate', positional: 'track_id' },
  complete: { cli: 'complete', tool: 'complete', positional: 'track_id' },
  context: { cli: 'context', tool: 'context' },
  list: { cli: 'list', tool: 'list' },
  next: { cli: 'next', tool: 'next' },
  status: { cli: 'status', tool: 'status', extended: true },
  step_complete: { cli: 'step complete', tool: 'step_complete' },
  step_approve: { cli: 'step approve', tool: 'step_approve', extended: true },
  step_release: { cli: 'step release', tool: 'step_release', extended: true },
  step_fail: { cli: 'step fail', tool: 'step_fail', extended: true },
  step_reset: { cli: 'step reset', tool: 'step_reset', extended: true },
  step_add: { cli: 'step add', tool: 'step_add', extended: true },
  run_logs: { cli: 'logs', tool: 'run_logs', positional: 'run_id' },
} satisfies Record<string, Form>;

export type Action = keyof typeof FORMS;

const SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
/** `<id>` and the like are placeholders for the reader to fill in, not words to quote. */
const PLACEHOLDER = /^<[a-z-]+>$/;
const shellWord = (s: string): string => (SHELL_SAFE.test(s) || PLACEHOLDER.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/** A command line or tool call, e.g. `track resume track-a-001` / `resume {"track_id":"track-a-001"}`. */
export function command(face: Face, action: Action, args: Args = {}): string {
  const form: Form = FORMS[action];
  const given = Object.entries(args).filter((e): e is [string, string | number | string[]] => e[1] !== undefined);
  if (face === 'mcp') return `${form.tool} ${JSON.stringify(Object.fromEntries(given))}`;
  const words = ['track', form.cli];
  const positional = form.positional ? args[form.positional] : undefined;
  if (positional !== undefined && !Array.isArray(positional)) words.push(shellWord(String(positional)));
  for (const [key, value] of given) {
    if (key === form.positional) continue;
    for (const v of Array.isArray(value) ? value : [value]) words.push(`--${key.replaceAll('_', '-')}`, shellWord(String(v)));
  }
  return words.join(' ');
}

/** "run `…`" for a command line, "call `…`" for a tool (saying when the tool is not in the default set). */
export function say(face: Face, action: Action, args: Args = {}): string {
  const text = `\`${command(face, action, args)}\``;
  if (face === 'cli') return `run ${text}`;
  const form: Form = FORMS[action];
  return form.extended ? `call ${text} (only with track mcp --all-tools)` : `call ${text}`;
}
