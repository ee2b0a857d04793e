import { type HookInput, readHookInput } from '../../agents/hook-input.js';
import { checkpointBeforeCompact } from '../../agents/pre-compact.js';
import { DEFAULT_PRIMER_BUDGET, sessionPrimer } from '../../agents/session-primer.js';
import { RootNotFoundError, ValidationError } from '../../domain/errors.js';
import { FileStore } from '../../store/file-store.js';
import { type Invocation, str } from '../command.js';
import type { Output } from '../output.js';
import { toTrackError } from '../output.js';

export const PRIMER_BUDGET_ENV = 'TRACK_PRIMER_BUDGET';
/** A hook that has not finished by then gives up: the agent must never wait on track-manager. */
const HOOK_DEADLINE_MS = 900;
const STDIN_WAIT_MS = 250;

type HookRun = (input: HookInput, inv: Invocation) => Promise<string[]>;

function budgetOf(inv: Invocation): number {
  const raw = str(inv, 'budget') ?? process.env[PRIMER_BUDGET_ENV];
  if (raw === undefined) return DEFAULT_PRIMER_BUDGET;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100 || n > 100_000)
    throw new ValidationError(`invalid primer budget '${raw.slice(0, 20)}'`, 'pass --budget 100..100000 (tokens)');
  return n;
}

/** The project's store, found from --root or the session's cwd; null when the project has no tracks root. */
function storeFor(input: HookInput, inv: Invocation): FileStore | null {
  try {
    return FileStore.open({
      root: inv.global.root,
      cwd: input.cwd ?? process.env.CLAUDE_PROJECT_DIR ?? process.cwd(),
      allowForeignRoot: inv.global.allowForeignRoot,
    });
  } catch (error) {
    if (error instanceof RootNotFoundError) return null;
    throw error;
  }
}

const sessionStart: HookRun = async (input, inv) => {
  const budget = budgetOf(inv);
  const store = storeFor(input, inv);
  const primer = store ? await sessionPrimer(store, { budget }) : null;
  return primer ? [primer] : [];
};

const preCompact: HookRun = async (input, inv) => {
  const store = storeFor(input, inv);
  if (store) await checkpointBeforeCompact(store, `before ${input.trigger ?? 'a'} compaction`);
  return [];
};

const HOOKS: Record<string, HookRun> = { 'session-start': sessionStart, 'pre-compact': preCompact };

/**
 * Runs a Claude Code hook. Whatever happens it exits 0 with valid output: a failure is one line
 * on stderr, and a hook still running at the deadline gives up.
 */
export function hook(event: string) {
  return async (inv: Invocation): Promise<Output> => {
    const deadline = setTimeout(() => {
      process.stderr.write(`track hook ${event}: gave up after ${HOOK_DEADLINE_MS} ms\n`);
      process.exit(0);
    }, HOOK_DEADLINE_MS);
    deadline.unref();
    try {
      const input = await readHookInput(process.stdin, STDIN_WAIT_MS);
      return { json: null, human: await (HOOKS[event] as HookRun)(input, inv) };
    } catch (error) {
      const typed = toTrackError(error);
      process.stderr.write(`track hook ${event}: ${typed.message}${typed.hint ? ` (hint: ${typed.hint})` : ''}\n`);
      return { json: null, human: [] };
    } finally {
      clearTimeout(deadline);
    }
  };
}
