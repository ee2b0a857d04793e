/** One invocation of a command table: arguments checked, the command found and run, its output or error printed. */
import { ValidationError } from '../../core/errors.js';
import { carryOptions } from '../../core/face-commands.js';
import { toTrackError } from '../../core/to-track-error.js';
import { VERSION } from '../../core/version.js';
import { redactUrl } from '../../store/postgres/connection.js';
import type { CommandSpec, Invocation } from './command.js';
import { withCorrectedCommand } from './corrected.js';
import { commandHelp, mainHelp } from './help.js';
import { findCommand } from './lookup.js';
import { type Output, printError, printOutput } from './output.js';
import { checkRequired, parseInvocation } from './parse.js';
import { useWriter, type Writer, writeFd } from './terminal.js';

/** Upper bound on any single argument: larger values are refused before they reach the store. */
const MAX_ARGUMENT_BYTES = 1024 * 1024;

export interface RunOptions {
  /** URL of the `track` bin that is running; `init` writes it into the entry points. */
  binUrl: string;
  /** Where output goes instead of standard output and error (a caller that runs the CLI in its own process). */
  write?: Writer | undefined;
}

/** Runs one invocation of a command of `table` and returns the process exit code. Never throws. */
export async function runCommand(table: CommandSpec[], argv: string[], options: RunOptions): Promise<number> {
  useWriter(options.write);
  try {
    checkArguments(argv);
    const [name] = argv;
    if (!name || name === '--help' || name === '-h' || (name === 'help' && argv.length === 1)) {
      writeFd(1, mainHelp(table, VERSION));
      return 0;
    }
    if (name === '--version' || name === '-v' || (name === '--json' && (argv[1] === '--version' || argv[1] === '-v'))) {
      writeFd(1, argv.includes('--json') ? `${JSON.stringify({ version: VERSION })}\n` : `${VERSION}\n`);
      return 0;
    }
    if (name === 'help') {
      writeFd(1, commandHelp(findCommand(table, argv.slice(1))));
      return 0;
    }
    const spec = findCommand(table, argv);
    const invocation = parseInvocation(spec, argv.slice(spec.name.split(' ').length));
    if (invocation.values.help === true) {
      writeFd(1, commandHelp(spec));
      return 0;
    }
    checkRequired(spec, invocation);
    return await execute(spec, invocation);
  } catch (error) {
    return fail(error, argv);
  }
}

/**
 * Runs `argv` when it is exactly one of `table`'s commands with arguments that parse, and returns
 * its exit code; null, having done nothing, otherwise (help, a typo, a misplaced word, a bad
 * option), for the full command table to answer. The quick bundle (quick-main.ts) runs this.
 */
export async function runIfExactly(table: CommandSpec[], argv: string[], options: RunOptions): Promise<number | null> {
  const [first, second] = argv;
  const spec = table.find((c) => c.name === `${first} ${second}`) ?? table.find((c) => c.name === first);
  if (!spec) return null;
  let invocation: Invocation;
  try {
    checkArguments(argv);
    invocation = parseInvocation(spec, argv.slice(spec.name.split(' ').length));
    checkRequired(spec, invocation);
  } catch {
    return null;
  }
  if (invocation.values.help === true) return null;
  useWriter(options.write);
  try {
    return await execute(spec, invocation);
  } catch (error) {
    return fail(error, argv);
  }
}

function checkArguments(argv: string[]): void {
  for (const arg of argv) {
    if (arg.includes('\0')) throw new ValidationError('an argument contains a NUL byte', 'remove the NUL byte (no path or value may contain one)');
    if (Buffer.byteLength(arg) > MAX_ARGUMENT_BYTES) {
      throw new ValidationError(
        `an argument is ${Buffer.byteLength(arg)} bytes; at most ${MAX_ARGUMENT_BYTES} are accepted`,
        'shorten the value or put it in a file',
      );
    }
  }
}

async function execute(spec: CommandSpec, invocation: Invocation): Promise<number> {
  const { root, lane, databaseUrl, project } = invocation.global;
  // A command suggested next acts on the same store: the database too (its password never printed).
  carryOptions({ root, lane, database_url: databaseUrl === undefined ? undefined : redactUrl(databaseUrl), project });
  const output: Output = await spec.run(invocation);
  printOutput(output, invocation.global.json);
  return output.exitCode ?? 0;
}

function fail(error: unknown, argv: string[]): number {
  if (process.env.TRACK_DEBUG === '1') writeFd(2, `${(error as Error)?.stack ?? String(error)}\n`);
  const typed = withCorrectedCommand(toTrackError(error), argv);
  printError(typed, argv.includes('--json'));
  return typed.exitCode;
}
