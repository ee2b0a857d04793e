import { parseArgs } from 'node:util';
import { ValidationError } from '../domain/errors.js';
import { type CommandSpec, GLOBAL_OPTIONS, type Invocation, type OptionSpec } from './command.js';
import { commandTable } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';
import { type Output, printError, printOutput, toTrackError } from './output.js';

export const VERSION = '0.1.0';

/** Upper bound on any single argument: larger values are refused before they reach the store. */
const MAX_ARGUMENT_BYTES = 1024 * 1024;

export interface RunOptions {
  /** URL of the `track` bin that is running; `init` writes it into the entry points. */
  binUrl: string;
}

function toParseArgsOptions(options: Record<string, OptionSpec>) {
  const out: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(options)) {
    out[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  }
  return out;
}

function parse(spec: CommandSpec, args: string[]): Invocation {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: toParseArgsOptions({ ...GLOBAL_OPTIONS, ...spec.options }), allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'invalid arguments';
    throw new ValidationError(message.replace(/^Unknown option/, 'unknown option'), `see 'track ${spec.name} --help'`);
  }
  const max = spec.positionals?.length ?? 0;
  if (parsed.positionals.length > max) {
    throw new ValidationError(`unexpected argument '${String(parsed.positionals[max]).slice(0, 60)}'`, `see 'track ${spec.name} --help'`);
  }
  const v = parsed.values as Invocation['values'];
  return {
    values: v,
    positionals: parsed.positionals,
    global: { root: typeof v.root === 'string' ? v.root : undefined, json: v.json === true, allowForeignRoot: v['allow-foreign-root'] === true },
  };
}

/** Command names may be two words ('step add'); the longest name matching the leading words wins. */
function findCommand(table: CommandSpec[], argv: string[]): CommandSpec | undefined {
  const two = argv.length > 1 ? `${argv[0]} ${argv[1]}` : undefined;
  return (two && table.find((c) => c.name === two)) || table.find((c) => c.name === argv[0]);
}

/** Runs one CLI invocation and returns the process exit code. Never throws. */
export async function run(argv: string[], options: RunOptions): Promise<number> {
  const asJson = argv.includes('--json');
  try {
    for (const arg of argv) {
      if (arg.includes('\0')) throw new ValidationError('an argument contains a NUL byte', 'remove the NUL byte (no path or value may contain one)');
      if (Buffer.byteLength(arg) > MAX_ARGUMENT_BYTES) {
        throw new ValidationError(
          `an argument is ${Buffer.byteLength(arg)} bytes; at most ${MAX_ARGUMENT_BYTES} are accepted`,
          'shorten the value or put it in a file',
        );
      }
    }
    const table = commandTable(options.binUrl);
    const [name] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(mainHelp(table, VERSION));
      return 0;
    }
    if (name === '--version' || name === '-v') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const spec = findCommand(table, argv);
    if (!spec) {
      const group = table.filter((c) => c.name.startsWith(`${name} `)).map((c) => c.name);
      const hint = group.length ? `use one of: ${group.map((g) => `track ${g}`).join(', ')}` : "run 'track --help' for the list of commands";
      throw new ValidationError(group.length ? `'${name}' needs a subcommand` : `unknown command '${name.slice(0, 60)}'`, hint);
    }
    const invocation = parse(spec, argv.slice(spec.name.split(' ').length));
    if (invocation.values.help === true) {
      process.stdout.write(commandHelp(spec));
      return 0;
    }
    const output: Output = await spec.run(invocation);
    printOutput(output, invocation.global.json);
    return output.exitCode ?? 0;
  } catch (error) {
    if (process.env.TRACK_DEBUG === '1') process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    const typed = toTrackError(error);
    printError(typed, asJson);
    return typed.exitCode;
  }
}
