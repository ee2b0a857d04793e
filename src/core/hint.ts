/**
 * Hints as data: prose whose commands are actions, not words of one face. Each face renders them
 * in its own syntax: the CLI as `track …` command lines, the MCP server as calls of the tools it
 * serves (and as the command line to run in a shell where it serves none).
 */
import { type Action, type Args, commandLine, type Face, flag, optionWords, say, toolCall, usage } from './face-commands.js';

/** A command the hint names: `cmd` names it, `run` says it with its verb ("run …", "call …"), `help` points at its options. */
export interface HintAction {
  action: Action;
  args?: Args | undefined;
  verb?: 'run' | 'help' | undefined;
}

/** An argument of the command at hand: `--track-id X` on the CLI, `"track_id":"X"` over MCP; without a value, its name. */
export interface HintOption {
  option: string;
  value?: Args[string];
}

export type HintRef = HintAction | HintOption;

export interface Hint {
  /** Prose; `{0}`, `{1}` … stand for `refs[0]`, `refs[1]` …; `{{` and `}}` are literal braces. */
  text: string;
  refs: readonly HintRef[];
}

/** What errors take as a hint: data, or plain text that names no command. */
export type HintLike = string | Hint;

export const cmd = (action: Action, args?: Args): HintAction => ({ action, ...(args ? { args } : {}) });
export const run = (action: Action, args?: Args): HintAction => ({ action, ...(args ? { args } : {}), verb: 'run' });
export const help = (action: Action): HintAction => ({ action, verb: 'help' });
export const opt = (option: string, value?: Args[string]): HintOption => ({ option, ...(value === undefined ? {} : { value }) });

const literal = (s: string): string => s.replace(/[{}]/g, (b) => b + b);

/** Builds a hint from a template: interpolated actions and options become references, anything else text. */
export function hint(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number | HintRef>): Hint {
  const refs: HintRef[] = [];
  let text = literal(strings[0] ?? '');
  values.forEach((value, i) => {
    if (typeof value === 'object') {
      text += `{${refs.length}}`;
      refs.push(value);
    } else text += literal(String(value));
    text += literal(strings[i + 1] ?? '');
  });
  return { text, refs };
}

export const asHint = (h: HintLike): Hint => (typeof h === 'string' ? { text: literal(h), refs: [] } : h);

/** Joins hints with a separator, renumbering the references. */
export function joinHints(parts: readonly HintLike[], separator: string): Hint {
  const refs: HintRef[] = [];
  const texts = parts.map((part) => {
    const h = asHint(part);
    const text = h.text.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, i?: string) => (i === undefined ? m : `{${Number(i) + refs.length}}`));
    refs.push(...h.refs);
    return text;
  });
  return { text: texts.join(literal(separator)), refs };
}

function renderOption(face: Face, ref: HintOption): string {
  if (ref.value === undefined) return face === 'cli' ? flag(ref.option) : `\`${ref.option}\``;
  if (face === 'cli') return optionWords(ref.option, ref.value).join(' ');
  return `\`${JSON.stringify({ [ref.option]: ref.value }).slice(1, -1)}\``;
}

function renderAction(face: Face, ref: HintAction): string {
  if (ref.verb === 'help') return usage(face, ref.action);
  if (ref.verb === 'run') return face === 'cli' ? `run '${commandLine(ref.action, ref.args)}'` : say(face, ref.action, ref.args);
  if (face === 'cli') return `'${commandLine(ref.action, ref.args)}'`;
  const call = toolCall(face, ref.action, ref.args);
  return call ? `\`${call}\`` : `\`${commandLine(ref.action, ref.args)}\` (in a shell)`;
}

const renderRef = (face: Face, ref: HintRef): string => ('action' in ref ? renderAction(face, ref) : renderOption(face, ref));

/**
 * The hint in a face's words. A hint that is one command and nothing else reads as that command:
 * `track switch --to X` on the CLI, "call `switch {…}`" over MCP.
 */
export function renderHint(face: Face, h: HintLike): string {
  if (typeof h === 'string') return h;
  const [only] = h.refs;
  if (h.text === '{0}' && only && 'action' in only && only.verb === undefined) {
    return face === 'cli' ? commandLine(only.action, only.args) : say(face, only.action, only.args);
  }
  return h.text.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, i?: string) => {
    if (i === undefined) return m[0] as string;
    const ref = h.refs[Number(i)];
    return ref ? renderRef(face, ref) : m;
  });
}
