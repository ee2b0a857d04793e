import { exitCodeSummary } from '../../core/exit-codes.js';
import { type CommandSpec, GLOBAL_OPTIONS, type OptionSpec } from './command.js';

/** Breaks text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.description}${o.required !== undefined ? ' (required)' : ''}`;
  });
}

export function commandHelp(spec: CommandSpec): string {
  const positional = (spec.positionals ?? []).map((p) => `[${p}]`).join(' ');
  const lines = [`Usage: track ${spec.name}${positional ? ` ${positional}` : ''} [options]`, '', spec.summary];
  if (spec.details) lines.push('', spec.details);
  if (Object.keys(spec.options).length) lines.push('', 'Options:', ...optionLines(spec.options));
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS), '');
  return lines.join('\n');
}

export function mainHelp(table: CommandSpec[], version: string): string {
  const width = Math.max(...table.map((c) => c.name.length)) + 2;
  return [
    `track ${version} — long-lived, resumable work streams for coding agents`,
    '',
    'Usage: track <command> [options]   (track help <command> or track <command> --help for details)',
    '',
    'Commands:',
    ...table.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    wrap(`Exit codes: ${exitCodeSummary()}.`, 100),
    '',
  ].join('\n');
}
