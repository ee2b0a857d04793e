import { type CommandSpec, GLOBAL_OPTIONS, type OptionSpec } from './command.js';

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
    'Exit codes: 0 ok, 1 internal error, 2 invalid input, 3 not found, 4 illegal state change,',
    '5 another track is active, 6 store locked, 7 checksum mismatch, 8 damaged store, 9 unsafe path,',
    '10 no tracks root, 11 id conflict, 12 step failed, 13 permission refused.',
    '',
  ].join('\n');
}
