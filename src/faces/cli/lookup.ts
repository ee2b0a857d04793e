import { ValidationError } from '../../core/errors.js';
import { closest, didYouMean, isTypoOf } from '../../core/suggest.js';
import type { CommandSpec } from './command.js';

const isWord = (arg: string | undefined): arg is string => arg !== undefined && arg !== '' && !arg.startsWith('-');

/** `did_you_mean` holds replacements for the mistyped word (`command`), so a face can rewrite the command line. */
function unknownCommand(typed: string, given: string, near: string[], prefix: string, fallback: string): ValidationError {
  return new ValidationError(`unknown command '${typed.slice(0, 80)}'`, near.length ? didYouMean(near.map((n) => `track ${prefix}${n}`)) : fallback, {
    command: given.slice(0, 200),
    ...(near.length ? { did_you_mean: near } : {}),
  });
}

/**
 * The command named by the leading words of `argv` (names may be two words, 'step add'); throws an
 * unknown-command error with the closest names. A second word that is a typo of a subcommand
 * ('step compelte') is an unknown command, not a positional argument of the one-word command.
 */
export function findCommand(table: CommandSpec[], argv: string[]): CommandSpec {
  const [first = '', second] = argv;
  if (first.startsWith('-')) {
    throw new ValidationError(`expected a command before '${first.slice(0, 60)}'`, "options follow the command: 'track --help' lists the commands");
  }
  const byName = (name: string) => table.find((c) => c.name === name);
  const group = table.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.slice(first.length + 1));
  const leaf = byName(first);
  // 'track checkpoint restore': a command that takes no argument followed by another command's name.
  const other = isWord(second) && leaf && !leaf.positionals?.length ? byName(second) : undefined;
  if (other && !group.includes(second as string)) throw misplacedCommand(first, other);
  if (group.length && isWord(second)) {
    const sub = byName(`${first} ${second}`);
    if (sub) return sub;
    const typos = group.filter((g) => isTypoOf(second, g));
    if (leaf && !typos.length) return leaf;
    const near = leaf ? typos : closest(second, group);
    throw unknownCommand(`${first} ${second}`, second, near, `${first} `, `use one of: ${group.map((g) => `track ${first} ${g}`).join(', ')}`);
  }
  if (leaf) return leaf;
  if (group.length) {
    throw new ValidationError(`'${first}' needs a subcommand`, `use one of: ${group.map((g) => `track ${first} ${g}`).join(', ')}`);
  }
  const words = [...new Set(table.map((c) => c.name.split(' ')[0] as string))];
  const near = first === 'version' ? ['--version'] : closest(first, words);
  throw unknownCommand(first, first, near, '', "run 'track --help' for the list of commands");
}

/** `first other …` where `other` is a command of its own: point to it, with the options it cannot run without. */
function misplacedCommand(first: string, other: CommandSpec): ValidationError {
  const required = Object.entries(other.options).filter(([, o]) => o.required !== undefined);
  const usage = ['track', other.name, ...required.map(([name, o]) => `--${name} ${o.value ?? 'VALUE'}`)].join(' ');
  const how = required.map(([, o]) => o.required).join('; ');
  return new ValidationError(`unknown command '${first} ${other.name}'`, `did you mean '${usage}'?${how ? ` (${how})` : ''}`, {
    command: `${first} ${other.name}`,
  });
}
