import { RootNotFoundError, ValidationError } from '../../../core/errors.js';
import { isPrimerBudget, PRIMER_BUDGET } from '../../../core/inputs.js';
import { toTrackError } from '../../../core/to-track-error.js';
import { missingDriverWarning } from '../../../features/git/driver-check.js';
import { DEFAULT_PRIMER_BUDGET, sessionPrimer } from '../../../features/primer/session-primer.js';
import { FileStore } from '../../../store/file/file-store.js';
import { openStore } from '../../../store/open.js';
import { CONNECT_TIMEOUT_ENV } from '../../../store/postgres/connection.js';
import { type Invocation, str } from '../command.js';
import { type HookInput, readHookInput } from '../hook-input.js';
import type { Output } from '../output.js';
import { writeFd } from '../terminal.js';
import { storeOptions } from './open-store.js';

export const PRIMER_BUDGET_ENV = 'TRACK_PRIMER_BUDGET';
/** session-start gives up if not done by then: the agent must never wait on track-manager. */
const SESSION_START_DEADLINE_MS = 900;
const STDIN_WAIT_MS = 250;

type HookRun = (input: HookInput, inv: Invocation) => Promise<string[]>;

function budgetOf(inv: Invocation): number {
  const raw = str(inv, 'budget') ?? process.env[PRIMER_BUDGET_ENV];
  if (raw === undefined) return DEFAULT_PRIMER_BUDGET;
  const n = Number(raw);
  if (!isPrimerBudget(n))
    throw new ValidationError(`invalid primer budget '${raw.slice(0, 20)}'`, `pass --budget ${PRIMER_BUDGET.min}..${PRIMER_BUDGET.max} (tokens)`);
  return n;
}

/** The project's store, found from --root or the session's cwd; null when the project has no tracks root. */
function storeFor(input: HookInput, inv: Invocation): ReturnType<typeof openStore> | null {
  try {
    return openStore({ ...storeOptions(inv.global), cwd: input.cwd ?? process.env.CLAUDE_PROJECT_DIR ?? process.cwd() });
  } catch (error) {
    if (error instanceof RootNotFoundError) return null;
    throw error;
  }
}

/** On a database store the hook connects within its own deadline, so an unreachable server is named, not timed out. */
const HOOK_CONNECT_TIMEOUT_MS = SESSION_START_DEADLINE_MS - 300;

const sessionStart: HookRun = async (input, inv) => {
  const budget = budgetOf(inv);
  const connectTimeout = Number(process.env[CONNECT_TIMEOUT_ENV]);
  if (!(connectTimeout > 0 && connectTimeout < HOOK_CONNECT_TIMEOUT_MS)) process.env[CONNECT_TIMEOUT_ENV] = String(HOOK_CONNECT_TIMEOUT_MS);
  const store = storeFor(input, inv);
  const warning = store instanceof FileStore ? missingDriverWarning(store.root) : null;
  if (warning) writeFd(2, `track-manager: ${warning}\n`);
  const primer = store ? await sessionPrimer(store, { budget }) : null;
  return primer ? [primer] : [];
};

const preCompact: HookRun = async (input, inv) => {
  const store = storeFor(input, inv);
  // Loaded here: the session-start hook, which runs far more often, never writes a checkpoint.
  const { checkpointBeforeCompact } = await import('../../../features/checkpoints/pre-compact.js');
  if (store) await checkpointBeforeCompact(store, `before ${input.trigger ?? 'a'} compaction`);
  return [];
};

interface Hook {
  run: HookRun;
  /**
   * Ends the process if the hook still runs then. Only for a hook that never holds the lock:
   * killed mid-transaction, pre-compact would leave a lock that blocks others for 30 s, so it is
   * bounded by its 500 ms lock wait instead.
   */
  deadlineMs?: number;
}

const HOOKS: Record<string, Hook> = {
  'session-start': { run: sessionStart, deadlineMs: SESSION_START_DEADLINE_MS },
  'pre-compact': { run: preCompact },
};

/**
 * Runs a Claude Code hook. Whatever happens it exits 0 with valid output: a failure is one line
 * on stderr.
 */
export function hook(event: string) {
  return async (inv: Invocation): Promise<Output> => {
    const { run, deadlineMs } = HOOKS[event] as Hook;
    const deadline =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            writeFd(2, `track hook ${event}: gave up after ${deadlineMs} ms\n`);
            process.exit(0);
          }, deadlineMs).unref();
    try {
      const input = await readHookInput(process.stdin, STDIN_WAIT_MS);
      return { json: null, human: await run(input, inv) };
    } catch (error) {
      const typed = toTrackError(error);
      writeFd(2, `track hook ${event}: ${typed.message}${typed.hint ? ` (hint: ${typed.hint})` : ''}\n`);
      return { json: null, human: [] };
    } finally {
      clearTimeout(deadline);
    }
  };
}
