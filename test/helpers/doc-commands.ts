/**
 * Finds every `track …` command line quoted in markdown (fenced code blocks and inline code) and
 * turns it into the argument lists it stands for: `[optional]` parts included, `a | b`
 * alternatives split, `…` repeat marks dropped, a placeholder in place of a command read as any
 * command, the skill entry points (`manager.mjs …`) read as `track …`. Each result says where in the docs it came from.
 */
import type { CommandSpec } from '../../src/faces/cli/command.js';
import { GLOBAL_OPTIONS } from '../../src/faces/cli/command.js';
import { findCommand } from '../../src/faces/cli/lookup.js';

export interface DocCommand {
  /** file:line of the quote. */
  where: string;
  /** The command as written (comment stripped). */
  text: string;
}

export interface DocVariant extends DocCommand {
  /** Arguments after `track`. */
  argv: string[];
  /** Set when the line cannot be read as commands at all (e.g. an ambiguous alternative). */
  problem?: string;
}

const ENTRY_POINT = /^(?:node\s+)?(?:\S*\/)?(?:manager|registry|track-cli)\.mjs\s+/;
const START = /^(?:\$\s+)?track(?:\s|$)/;
/** Words after `|` that make it a shell pipe, not an alternative. */
const SHELL_TOOLS = new Set(['jq', 'head', 'tail', 'grep', 'less', 'more', 'wc', 'sort', 'tee', 'xargs', 'cat']);
const MAX_VARIANTS = 64;

/** The command lines quoted in one markdown text. */
export function extractCommands(markdown: string, file: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = markdown.split('\n');
  const prose: string[] = [];
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker && (fence === null || fence === marker)) {
      fence = fence === null ? marker : null;
      prose.push('');
      continue;
    }
    if (fence === null) {
      prose.push(line);
      continue;
    }
    prose.push('');
    let text = line.trim();
    const start = i;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${(lines[++i] as string).trim()}`;
    for (let k = start; k < i; k++) prose.push('');
    const command = asTrackCommand(text);
    if (command) out.push({ where: `${file}:${start + 1}`, text: command });
  }
  const body = prose.join('\n');
  for (const match of body.matchAll(/(`+)([^`]+?)\1/g)) {
    const command = asTrackCommand((match[2] as string).replace(/\s*\n\s*/g, ' ').trim());
    if (!command) continue;
    const line = body.slice(0, match.index).split('\n').length;
    out.push({ where: `${file}:${line}`, text: command });
  }
  return out;
}

/** `track …` (or an entry point's command line, as `track …`) without its comment; null otherwise. */
function asTrackCommand(text: string): string | null {
  const entry = ENTRY_POINT.exec(text);
  const line = entry ? `track ${text.slice(entry[0].length)}` : START.test(text) ? text.replace(/^\$\s+/, '') : null;
  if (line === null) return null;
  const words = tokenize(line);
  return words.length > 1 ? line.slice(0, commentStart(line)).trim() : null;
}

interface Tok {
  text: string;
  /** Quoted text is always a value, never syntax. */
  quoted: boolean;
}

/** Where a shell comment starts (a '#' at the start of a word, outside quotes). */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return i;
  }
  return line.length;
}

/** Shell-like words; unquoted '[', ']' at a word's edges and a lone '|' become syntax tokens. */
function tokenize(line: string): Tok[] {
  const out: Tok[] = [];
  let text = '';
  let quoted = false;
  let inWord = false;
  let quote: string | null = null;
  const push = () => {
    if (!inWord) return;
    if (quoted) out.push({ text, quoted });
    else {
      const open = /^\[*/.exec(text)?.[0].length ?? 0;
      const close = /\]*$/.exec(text.slice(open))?.[0].length ?? 0;
      for (let k = 0; k < open; k++) out.push({ text: '[', quoted: false });
      const middle = text.slice(open, text.length - close);
      if (middle) out.push({ text: middle, quoted: false });
      for (let k = 0; k < close; k++) out.push({ text: ']', quoted: false });
    }
    text = '';
    quoted = false;
    inWord = false;
  };
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else text += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      quoted = true;
      inWord = true;
    } else if (/\s/.test(ch)) push();
    else {
      text += ch;
      inWord = true;
    }
  }
  push();
  return out;
}

type Node = { word: Tok } | { group: Node[][] };

const isSyntax = (t: Tok | undefined, s: string) => t !== undefined && !t.quoted && t.text === s;

/** Alternatives ('|'-separated sequences) up to a closing ']' or the end. */
function parseAlternatives(toks: Tok[], at: { i: number }): Node[][] {
  const alts: Node[][] = [[]];
  while (at.i < toks.length) {
    const t = toks[at.i] as Tok;
    if (isSyntax(t, ']')) return alts;
    at.i++;
    if (isSyntax(t, '|')) alts.push([]);
    else if (isSyntax(t, '[')) {
      const group = parseAlternatives(toks, at);
      at.i++;
      alts[alts.length - 1]?.push({ group });
    } else alts[alts.length - 1]?.push({ word: t });
  }
  return alts;
}

/** Every token list a sequence stands for (each group: each of its alternatives). */
function expand(seq: Node[]): Tok[][] {
  let out: Tok[][] = [[]];
  for (const node of seq) {
    const options = 'word' in node ? [[node.word]] : node.group.flatMap(expand);
    out = out.flatMap((prefix) => options.map((o) => [...prefix, ...o])).slice(0, MAX_VARIANTS);
  }
  return out;
}

/** Leading command words ('step fail|skip' → 'step fail', 'step skip'). */
function fanCommandWords(toks: Tok[]): Tok[][] {
  const at = toks.findIndex((t, i) => i >= 2 || t.text.startsWith('-') || t.quoted);
  const words = toks.slice(0, at < 0 ? toks.length : at);
  const choices = words.map((w) => (w.quoted ? [w] : w.text.split('|').map((text) => ({ text, quoted: false }))));
  let out: Tok[][] = [[]];
  for (const c of choices) out = out.flatMap((prefix) => c.map((w) => [...prefix, w]));
  return out.map((lead) => [...lead, ...toks.slice(words.length)]);
}

const isPlaceholder = (t: Tok | undefined) => t !== undefined && !t.quoted && /^(?:<[^>]+>|…|\.\.\.|[A-Z][A-Z0-9_-]*)$/.test(t.text);

/**
 * A placeholder where a command goes: `track <command>` stands for any command (only the bare
 * `track` is checked), `track hook …` for each subcommand of the group.
 */
function fillCommandPlaceholder(table: CommandSpec[], toks: Tok[]): Tok[][] {
  if (isPlaceholder(toks[0])) return [[]];
  const first = toks[0]?.text ?? '';
  const subs = table.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.slice(first.length + 1));
  if (!isPlaceholder(toks[1]) || !subs.length || table.some((c) => c.name === first)) return [toks];
  return subs.map((sub) => [toks[0] as Tok, { text: sub, quoted: false }, ...toks.slice(2)]);
}

function commandOf(table: CommandSpec[], argv: string[]): CommandSpec | undefined {
  try {
    return argv.length && !argv[0]?.startsWith('-') ? findCommand(table, argv[0] === 'help' ? argv.slice(1) : argv) : undefined;
  } catch {
    return undefined;
  }
}

/** Drops '…' repeat marks (a '…' right after an option that takes a value is that value). */
function withoutEllipses(table: CommandSpec[], toks: Tok[]): string[] {
  const spec = commandOf(
    table,
    toks.map((t) => t.text),
  );
  const options = { ...GLOBAL_OPTIONS, ...(spec?.options ?? {}) };
  const out: string[] = [];
  toks.forEach((t, i) => {
    const before = toks[i - 1]?.text ?? '';
    const takesValue = before.startsWith('--') && !before.includes('=') && options[before.slice(2)]?.type === 'string';
    if (!t.quoted && (t.text === '…' || t.text === '...') && !takesValue) return;
    out.push(t.text);
  });
  return out;
}

/** The commands one quoted line stands for, or the line with the reason it cannot be read. */
export function variantsOf(command: DocCommand, table: CommandSpec[]): DocVariant[] {
  const toks = tokenize(command.text).slice(1);
  const top = parseAlternatives(toks, { i: 0 });
  const first = expand(top[0] ?? []);
  const lead = commandOf(
    table,
    (first[0] ?? []).map((t) => t.text),
  )?.name.split(' ');
  const sequences: Tok[][] = [...first];
  for (const alt of top.slice(1)) {
    const word = alt[0] && 'word' in alt[0] ? alt[0].word.text : '';
    if (SHELL_TOOLS.has(word)) break;
    const isCommand = (name: string) => table.some((c) => c.name === name || c.name.startsWith(`${name} `));
    const group = lead && lead.length === 2 ? lead[0] : undefined;
    let prefix: Tok[] = [];
    if (group && isCommand(`${group} ${word}`)) prefix = [{ text: group, quoted: false }];
    else if (group) {
      const problem = `'| ${word}' after 'track ${lead?.join(' ')}' reads as 'track ${group} ${word}', which is not a command; write each command in full`;
      return [{ ...command, argv: [], problem }];
    } else if (!isCommand(word)) return [{ ...command, argv: [], problem: `'| ${word}': '${word}' is not a track command` }];
    sequences.push(...expand(alt).map((s) => [...prefix, ...s]));
  }
  return sequences
    .flatMap(fanCommandWords)
    .flatMap((toks) => fillCommandPlaceholder(table, toks))
    .map((toks) => ({ ...command, argv: withoutEllipses(table, toks) }));
}

/** The name of the command whose help `track <argv> --help` must print ('' for the main help). */
export function expectedHelp(table: CommandSpec[], argv: string[]): string | undefined {
  if (!argv.length || argv[0]?.startsWith('-') || (argv[0] === 'help' && argv.length === 1)) return '';
  return commandOf(table, argv)?.name;
}
